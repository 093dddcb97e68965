/** @module ingest: records → store (time placement, domid → name, counters → rates, de-duplication). */

export { detectFormat } from './detect-format.js';
export type {
  FileDiagnostic,
  FileReport,
  FileStatus,
  ImportOptions,
  ImportProgress,
  ImportReport,
} from './import-types.js';
export { importPaths } from './importer.js';
