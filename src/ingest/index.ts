/** @module ingest: records → store (time placement, domid → name, counters → rates, de-duplication). */
export { importPaths } from './importer.js';
export type { FileReport, ImportOptions, ImportProgress, ImportReport } from './import-types.js';
export { detectFormat } from './detect-format.js';
