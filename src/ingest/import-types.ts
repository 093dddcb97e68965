/** Options and results of an import (design.md, "Command-line contract": `import --json`). */
import type { DiagCode } from '../model/index.js';

export interface ImportOptions {
  /** Host all files belong to; otherwise taken from an `xl info` among the inputs, else syslog. */
  readonly host?: string;
  readonly tz: string;
  readonly year?: number;
  readonly bootTime?: number;
  readonly start?: number;
  readonly intervalSeconds?: number;
  /** Force one format for every file (`--input-format`). */
  readonly inputFormat?: string;
  /** Which line formats claim a line of a mixed file first (most specific first). */
  readonly lineClaimOrder?: readonly string[];
  readonly onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  readonly phase: 'scan' | 'parse' | 'store';
  readonly doneBytes: number;
  readonly totalBytes: number;
  readonly file: string;
}

export interface FileDiagnostic {
  /**
   * The first line with this complaint; 0 when it is about the whole file (no format claims it,
   * it cannot be read, or its readings carry no line of their own).
   */
  readonly line: number;
  readonly code: DiagCode;
  readonly message: string;
  /** How many lines (readings, for line 0) had the same complaint. */
  count: number;
}

/**
 * What became of a file. `imported` only when it stored something (samples, events, facts, domain
 * sightings or counter states a later import continues); `nothing-stored` when its format was
 * recognised but nothing in it could be stored (the reason says why); `already-imported` when
 * its content is in the store already (nothing to add: success); `unrecognised` when no format
 * claims it; `unreadable` when it is missing or cannot be read.
 */
export type FileStatus = 'imported' | 'nothing-stored' | 'already-imported' | 'unrecognised' | 'unreadable';

/**
 * A grown file whose earlier content was imported before (the same bytes, found by fingerprint):
 * only the lines after it were stored.
 */
export interface AppendedPart {
  /** The first line read as new (1-based; a line the previous import saw cut is read again whole). */
  readonly fromLine: number;
  /** Bytes of the content imported before. */
  readonly fromByte: number;
  /** Lines read as new: `lines - fromLine + 1`. */
  readonly newLines: number;
  /** Where the earlier content was imported from (the same file, or its name before rotation). */
  readonly previousPath: string;
}

export interface FileReport {
  readonly path: string;
  readonly format: string | null;
  readonly status: FileStatus;
  readonly lines: number;
  readonly records: number;
  readonly skipped: number;
  readonly diagnostics: FileDiagnostic[];
  /** Why it is not simply `imported` (or what to know about it), in one line. */
  readonly reason?: string;
  /** Set when only what was appended since an earlier import was stored. */
  readonly appended?: AppendedPart;
}

export interface ImportReport {
  readonly host: string;
  readonly files: FileReport[];
  readonly samples: number;
  readonly events: number;
  readonly configs: number;
  readonly from: number | null;
  readonly to: number | null;
  /** Paths that could not be read at all (missing, unreadable archives); also in `files` as `unreadable`. */
  readonly problems: { path: string; message: string }[];
  /** How the boot time used for uptime stamps was obtained, if one was needed. */
  readonly bootTime: { ts: number; source: 'option' | 'derived' } | null;
}

/** How many diagnostics per file the report keeps (all are counted). */
export const MAX_DIAGNOSTICS_PER_FILE = 10;
