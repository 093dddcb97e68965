/**
 * A file imported before that has grown since (`/var/log/syslog` at 10:00 and again at 11:00): its
 * first `bytes` bytes hash to the content hash recorded then, so only what was appended is new.
 * Identity stays content and byte offset, never time and text (identical lines are real).
 *
 * The parser is still run over the old part, with its results dropped: a parser's state at the
 * offset depends on everything before it (xentop's iteration count for `--start` + i × interval,
 * the `# $ xentop -d 5 -f` options at the top, the restart generations that name counter
 * instances; the Dec→Jan year steps of RFC 3164 syslog under `--year`). Starting cold at the
 * offset would misplace, reset or re-time the tail. Re-parsing costs CPU, never storage.
 *
 * What the previous import emitted only at its end (xentop's last buffered iteration, an open
 * multiline block) comes out again while the tail is read; `headEndResults` replays the old content
 * alone to learn exactly those results, and the tail's results equal to one of them are dropped.
 * A crash trace the offset cuts in two keeps its head and first lines in the stored event; the
 * lines after the offset become events of their own (the folder passes a continuation with no head
 * through): nothing is lost and nothing is stored twice.
 * Compressed files and tarball members work the same way: everything reads the decompressed bytes.
 */
import type { LineFormat, ParseContext, ParseResult, Parser } from '../../model/index.js';
import type { ImportedFile } from '../../store/store.js';
import { openDecompressed } from './decompress.js';
import type { InputFile } from './expand-paths.js';
import { lineBatchesFromChunks } from './line-reader.js';
import { type FileScan, prefixHashes } from './scan-file.js';

/** Where the content imported before ends in a grown file. */
export interface ResumePoint {
  /** The file imported before (its fingerprint, size, line count, format). */
  readonly previous: ImportedFile;
  /**
   * The previous import read a last line without its newline (a writer mid-line): that line is
   * read again whole, and its old results are what its new ones replace.
   */
  readonly cutLine: boolean;
  /** Lines whose results are dropped while the grown file is read: the old part. */
  readonly replayLines: number;
}

/**
 * The longest file imported before whose content is a prefix of this one, found by head or lead
 * hash (whatever its path: a log renamed by rotation is found too) and confirmed by hashing this
 * file's first `bytes` bytes (one streaming pass). Null when none is: a truncated or rewritten
 * file, or the new file started after a rotation, is imported as a new one.
 */
export async function findResumePoint(
  file: InputFile,
  scan: FileScan,
  known: readonly ImportedFile[],
): Promise<ResumePoint | null> {
  const candidates = known.filter(
    (k) =>
      k.bytes > 0 &&
      k.bytes < scan.bytes &&
      (k.headHash === scan.headHash || (k.leadHash !== null && k.leadHash === scan.leadHash)),
  );
  if (candidates.length === 0) return null;
  const prefixes = await prefixHashes(
    file,
    candidates.map((k) => k.bytes),
  );
  let best: ImportedFile | null = null;
  for (const k of candidates)
    if (prefixes.get(k.bytes)?.hash === k.contentHash && (best === null || k.bytes > best.bytes)) best = k;
  if (best === null) return null;
  const cutLine = prefixes.get(best.bytes)?.endsLine === false;
  return { previous: best, cutLine, replayLines: cutLine ? best.lines - 1 : best.lines };
}

/** Whether a parser can resume a grown file (documents read whole as text are imported whole). */
export function canResume(parser: Parser): boolean {
  return parser.parseText === undefined;
}

/**
 * Replays the old part alone, exactly as the previous import read it, and returns what it emitted
 * at its end (and, when it ended mid-line, for that cut line): the results the grown file will
 * emit again after the offset.
 */
export async function headEndResults(
  parser: Parser,
  file: InputFile,
  resume: ResumePoint,
  ctx: ParseContext,
): Promise<ResultTally> {
  const { bytes, lines } = resume.previous;
  const cut = resume.cutLine;
  const tally = new ResultTally();
  const source = firstBytes(openDecompressed(file.path, file.compression), bytes);
  if (isLine(parser)) {
    const state = parser.open(ctx);
    const out: ParseResult[] = [];
    let n = 0;
    for await (const batch of lineBatchesFromChunks(source)) {
      for (const text of batch) {
        n++;
        state.line(text, n, out);
        // A cut last line is read again whole: its old results are what the new ones replace.
        if (!(cut && n === lines)) out.length = 0;
      }
    }
    state.end(out);
    for (const r of out) tally.add(r);
  } else {
    let pulled = 0;
    let ended = false;
    async function* text(): AsyncGenerator<string> {
      for await (const batch of lineBatchesFromChunks(source))
        for (const t of batch) {
          pulled++;
          yield t;
        }
      ended = true;
    }
    for await (const r of parser.parse(text(), ctx)) if (ended || (cut && pulled === lines)) tally.add(r);
  }
  return tally;
}

function isLine(p: Parser): p is LineFormat {
  return typeof (p as Partial<LineFormat>).open === 'function';
}

/** The first `n` bytes of a stream (which is closed once they are read). */
export async function* firstBytes(
  stream: ReturnType<typeof openDecompressed>,
  n: number,
): AsyncGenerator<Buffer> {
  let left = n;
  try {
    for await (const c of stream) {
      if (left <= 0) break;
      const chunk = (c as Buffer).subarray(0, left);
      left -= chunk.length;
      yield chunk;
      if (left <= 0) break;
    }
  } finally {
    stream.destroy();
  }
}

/**
 * A multiset of parse results, compared by value. A cheap signature (type, line, time, metric)
 * is checked first, so a long tail costs a map lookup per result, not a JSON text.
 */
export class ResultTally {
  readonly #byValue = new Map<string, number>();
  readonly #bySignature = new Map<string, number>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(res: ParseResult): void {
    const key = JSON.stringify(res);
    this.#byValue.set(key, (this.#byValue.get(key) ?? 0) + 1);
    const sig = signature(res);
    this.#bySignature.set(sig, (this.#bySignature.get(sig) ?? 0) + 1);
    this.#size++;
  }

  /** Whether `res` equals a result still held; if so that one is used up. */
  take(res: ParseResult): boolean {
    if (this.#size === 0) return false;
    const sig = signature(res);
    const bySig = this.#bySignature.get(sig) ?? 0;
    if (bySig === 0) return false;
    const key = JSON.stringify(res);
    const n = this.#byValue.get(key) ?? 0;
    if (n === 0) return false;
    this.#byValue.set(key, n - 1);
    this.#bySignature.set(sig, bySig - 1);
    this.#size--;
    return true;
  }
}

function signature(res: ParseResult): string {
  if (!res.ok) return `!${res.diag.line}|${res.diag.code}`;
  const r = res.record as { type: string; line?: number; ts?: number | null; metric?: string };
  return `${r.type}|${r.line ?? ''}|${r.ts ?? ''}|${r.metric ?? ''}`;
}
