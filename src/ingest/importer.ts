/**
 * `import`: files → records → store. Files are read twice: a scan (fingerprints for idempotence,
 * the head for format detection) and a streaming parse. Records whose time or domain cannot be
 * settled yet (uptime stamps before the boot time is known, xl log lines, domids not yet named)
 * wait until every file is parsed; everything else streams to the store in batches, so memory
 * stays flat as input grows.
 */
import { basename } from 'node:path';
import { expandedParser, expandReadings } from '../formats/readings-batch.js';
import { classify, createFolder, DomainTimeline } from '../logs/index.js';
import type {
  DomainSeenRecord,
  LogRecord,
  ParseContext,
  ParsedRecord,
  ParseResult,
  Parser,
  ReadingRecord,
  ReadingsRecord,
  Sample,
} from '../model/index.js';
import type { DomainSighting, ImportedFile, Store, StoredEvent, StoredFact } from '../store/store.js';
import { factOf, isSysfsAttributeLine, sysfsFacts, xenstoreFact } from '../topology/index.js';
import { BootTimeEstimator } from './boot-time.js';
import { detectFormat, isLineFormat } from './detect-format.js';
import { buildEvent } from './event-builder.js';
import { guessHost } from './host-name.js';
import type { FileReport, ImportOptions, ImportReport } from './import-types.js';
import { MAX_DIAGNOSTICS_PER_FILE } from './import-types.js';
import { openDecompressed } from './input/decompress.js';
import { expandPaths, type InputFile } from './input/expand-paths.js';
import {
  canResume,
  findResumePoint,
  firstBytes,
  headEndResults,
  type ResultTally,
  type ResumePoint,
} from './input/grown-file.js';
import { lineBatchesFromChunks, linesFromChunks } from './input/line-reader.js';
import { type FileScan, scanFile } from './input/scan-file.js';
import { mixedFormat } from './mixed-format.js';
import { placeXlLog } from './place-xl-log.js';
import { SeriesKeys } from './series-keys.js';
import { RateConverter } from './to-rates.js';
import { parseXenstoredMessage, XenstoredIndex } from './xenstored-index.js';

// Above DuckDB's row-group size (122,880) a batch skips the write-ahead log.
const SAMPLE_BATCH = 250_000;
const EVENT_BATCH = 20_000;
const FACT_BATCH = 5_000;

/** Sources of domid ↔ name go first, xl logs (placed from neighbours) last. */
const FORMAT_ORDER: Record<string, number> = {
  'xl-info': 0,
  'xl-list': 1,
  'xl-list-json': 1,
  'xl-uptime': 1,
  'xenstored-access': 2,
  'xl-log': 9,
};

interface Pending {
  readonly file: FileState;
  readonly record: LogRecord;
}

interface PendingReading {
  readonly file: FileState;
  readonly record: ReadingRecord | ReadingsRecord;
}

interface FileState {
  readonly input: InputFile;
  readonly scan: FileScan;
  readonly format: string;
  readonly report: MutableReport;
  /** A grown file imported before: only what follows the earlier content is stored. */
  readonly resume: ResumePoint | null;
  /** Rows this file put in the store (samples, events, facts, sightings, configs): its status. */
  stored: number;
  /** Of those, topology facts. */
  facts: number;
  /** Counter readings kept as the start of a rate, with no sample yet (stored as counter state). */
  kept: number;
  /** Domain rows (`xl list`, `xl uptime`) no time could be given: the first one's line, and how many. */
  untimedRows: { line: number; n: number } | null;
}

interface MutableReport {
  path: string;
  format: string | null;
  status: FileReport['status'];
  lines: number;
  records: number;
  skipped: number;
  diagnostics: FileReport['diagnostics'];
  reason?: string;
  appended?: FileReport['appended'];
}

/** Kinds a guest console shows when a life ends: hints for placing xl log lines. */
const LIFE_END_KINDS = new Set(['panic', 'oops', 'shutdown', 'reboot', 'crash', 'watchdog']);

export async function importPaths(
  paths: readonly string[],
  options: ImportOptions,
  store: Store,
  parsers: readonly Parser[],
): Promise<ImportReport> {
  const expanded = await expandPaths(paths);
  try {
    return await new ImportRun(options, store, parsers).run(expanded.files, expanded.problems);
  } finally {
    await expanded.cleanup();
  }
}

class ImportRun {
  readonly #opts: ImportOptions;
  readonly #store: Store;
  readonly #parsers: readonly Parser[];
  readonly #keys = new SeriesKeys();
  readonly #timeline = new DomainTimeline();
  readonly #xenstored = new XenstoredIndex();
  readonly #boot = new BootTimeEstimator();
  #rates = new RateConverter();
  #host = 'localhost';
  #samples: Sample[] = [];
  #events: StoredEvent[] = [];
  #sightings: DomainSighting[] = [];
  /** Topology facts (configs, xl info, lvs, /dev listings, running JSON, vCPUs, sysfs, xenstore). */
  #facts: StoredFact[] = [];
  #nSamples = 0;
  #nEvents = 0;
  #nConfigs = 0;
  #from: number | null = null;
  #to: number | null = null;
  readonly #pendingLogs: Pending[] = [];
  readonly #pendingReadings: PendingReading[] = [];
  readonly #xlLogs = new Map<FileState, LogRecord[]>();
  /** xl log lines of a grown file's old part: they place the new lines but are not stored again. */
  readonly #contextOnly = new Set<LogRecord>();
  readonly #consoleHints = new Map<string, number[]>();
  readonly #crashedSeen = new Set<string>();
  /** `@releaseDomain` times already tied to a death (one release = one death). */
  readonly #claimed = new Set<number>();

  constructor(opts: ImportOptions, store: Store, parsers: readonly Parser[]) {
    this.#opts = opts;
    this.#store = store;
    this.#parsers = parsers;
  }

  async run(inputs: InputFile[], problems: ImportReport['problems']): Promise<ImportReport> {
    const totalBytes = inputs.reduce((s, f) => s + f.size, 0);
    let done = 0;
    const scanned: { input: InputFile; scan: FileScan | null; error?: string }[] = [];
    for (const input of inputs) {
      try {
        const scan = await scanFile(input, (n) => {
          done += n;
          this.#opts.onProgress?.({
            phase: 'scan',
            doneBytes: Math.min(done, totalBytes),
            totalBytes,
            file: input.display,
          });
        });
        scanned.push({ input, scan });
      } catch (err) {
        scanned.push({ input, scan: null, error: (err as Error).message });
      }
    }
    this.#host = this.#opts.host ?? guessHost(scanned.flatMap((s) => (s.scan ? [s.scan.head] : [])));
    this.#rates = new RateConverter(await this.#store.loadCounterStates(this.#host));
    for (const s of await this.#store.domainSightings(this.#host))
      if (s.domid !== null) this.#timeline.add(this.#host, s.domid, s.name, s.ts, s.source);

    const reports: MutableReport[] = [];
    const states: FileState[] = [];
    // By content hash (the same file again), head or lead hash (a grown copy of one).
    const known = await this.#store.findImportedFiles(
      this.#host,
      scanned.flatMap((s) =>
        s.scan ? [s.scan.contentHash, s.scan.headHash, ...(s.scan.leadHash ? [s.scan.leadHash] : [])] : [],
      ),
    );
    const knownHashes = new Set(known.map((k) => k.contentHash));
    // The first file of each content in this run: a copy listed later shares its fate.
    const seenThisRun = new Map<string, MutableReport>();
    const copies: { report: MutableReport; of: MutableReport }[] = [];
    for (const { input, scan, error } of scanned) {
      const report: MutableReport = {
        path: input.display,
        format: null,
        status: 'imported',
        lines: scan?.lines ?? 0,
        records: 0,
        skipped: 0,
        diagnostics: [],
      };
      reports.push(report);
      if (!scan) {
        fileLevel(report, 'unreadable', 'unreadable', error ?? 'cannot be read');
        continue;
      }
      let parser = this.#choose(scan, report);
      if (!parser) continue;
      report.format = parser.id;
      const first = seenThisRun.get(scan.contentHash);
      if (knownHashes.has(scan.contentHash) || first) {
        report.status = 'already-imported';
        report.reason = 'the same content was imported before';
        if (first && !knownHashes.has(scan.contentHash)) copies.push({ report, of: first });
        continue;
      }
      seenThisRun.set(scan.contentHash, report);
      const resume = await this.#resumePoint(input, scan, known, parser);
      if (resume) {
        // The head is the one read before: so is the format (a short file's head may sniff otherwise).
        parser = resume.parser;
        report.format = parser.id;
        report.appended = resume.appended;
        report.reason = `appended since the last import: ${resume.appended.newLines} new lines (from line ${resume.appended.fromLine})`;
      }
      states.push({
        input,
        scan,
        format: parser.id,
        report,
        resume: resume?.point ?? null,
        stored: 0,
        facts: 0,
        kept: 0,
        untimedRows: null,
      });
      (report as { parser?: Parser }).parser = parser;
    }
    // Counters need their readings in time order: within one priority, files go by first time.
    const firstTimes = new Map<FileState, number>();
    for (const st of states)
      firstTimes.set(st, await this.#firstTime(st, (st.report as { parser?: Parser }).parser!));
    states.sort(
      (a, b) =>
        (FORMAT_ORDER[a.format] ?? 5) - (FORMAT_ORDER[b.format] ?? 5) ||
        firstTimes.get(a)! - firstTimes.get(b)!,
    );

    // A grown file's old part is read once more on its own (see grown-file.ts).
    const parseTotal = states.reduce((s, f) => s + f.scan.bytes + (f.resume?.previous.bytes ?? 0), 0);
    let parsed = 0;
    for (const st of states) {
      const parser = (st.report as { parser?: Parser }).parser!;
      delete (st.report as { parser?: Parser }).parser;
      await this.#parseFile(st, parser, (n) => {
        parsed += n;
        this.#opts.onProgress?.({
          phase: 'parse',
          doneBytes: Math.min(parsed, parseTotal),
          totalBytes: parseTotal,
          file: st.input.display,
        });
      });
      await this.#flush(false);
    }
    const bootTime = this.#settlePending();
    // A domain row is often a by-product (an xl log line is an event too): it is a skipped line
    // only in a file nothing else came of, such as an `xl list` snapshot without time.
    for (const st of states)
      if (st.untimedRows && st.stored === 0 && st.kept === 0)
        this.#skip(
          st,
          st.untimedRows.line,
          'no_time',
          `domain row carries no time: ${PLACE_CAPTURE}`,
          st.untimedRows.n,
        );
    await this.#flush(true);
    await this.#store.saveCounterStates(this.#rates.changedStates());
    for (const st of states) settleStatus(st);
    for (const { report, of } of copies) {
      report.reason = `the same content as ${of.path}`;
      if (of.status === 'nothing-stored') {
        report.status = 'nothing-stored';
        report.reason += ', which stored nothing';
      }
    }
    for (const st of states) {
      // A file that stored nothing is not recorded: imported again (with --start, --boot-time…)
      // it is read anew. A grown file is recorded even when its new lines held nothing: they were read.
      if (st.stored === 0 && st.kept === 0 && !st.resume) continue;
      await this.#store.recordImportedFile({
        host: this.#host,
        path: st.input.display,
        contentHash: st.scan.contentHash,
        headHash: st.scan.headHash,
        leadHash: st.scan.leadHash,
        bytes: st.scan.bytes,
        lines: st.scan.lines,
        format: st.format,
        importedAt: Date.now(),
      });
    }
    // A path that could not be read at all is a file of the report too (`--json` lists it).
    for (const p of problems) {
      const report: MutableReport = {
        path: p.path,
        format: null,
        status: 'unreadable',
        lines: 0,
        records: 0,
        skipped: 0,
        diagnostics: [],
      };
      fileLevel(report, 'unreadable', 'unreadable', p.message);
      reports.push(report);
    }
    return {
      host: this.#host,
      files: reports.map((r) => ({ ...r })),
      samples: this.#nSamples,
      events: this.#nEvents,
      configs: this.#nConfigs,
      from: this.#from,
      to: this.#to,
      problems,
      bootTime,
    };
  }

  #choose(scan: FileScan, report: MutableReport): Parser | null {
    if (this.#opts.inputFormat) {
      const p = this.#parsers.find((x) => x.id === this.#opts.inputFormat);
      return p ?? null;
    }
    const d = detectFormat(scan.head, this.#parsers);
    if (d.kind === 'format') return d.parser;
    if (d.kind === 'mixed') return mixedFormat(this.#lineFormatsByClaimOrder());
    fileLevel(report, 'unrecognised', 'unrecognised_format', d.reason);
    return null;
  }

  /**
   * Whether this file is a grown copy of one imported before, and with which parser to read it
   * (the forced one, else the format recorded then). Documents read whole as text are not resumed.
   */
  async #resumePoint(
    input: InputFile,
    scan: FileScan,
    known: readonly ImportedFile[],
    detected: Parser,
  ): Promise<{ point: ResumePoint; parser: Parser; appended: NonNullable<FileReport['appended']> } | null> {
    let point: ResumePoint | null;
    try {
      point = await findResumePoint(input, scan, known);
    } catch {
      point = null; // unreadable now: the parse reports it
    }
    if (!point) return null;
    const recorded = point.previous.format;
    const parser = this.#opts.inputFormat
      ? detected
      : recorded === 'mixed'
        ? mixedFormat(this.#lineFormatsByClaimOrder())
        : (this.#parsers.find((p) => p.id === recorded) ?? detected);
    if (!canResume(parser)) return null;
    const cut = point.cutLine;
    const fromLine = cut ? point.previous.lines : point.previous.lines + 1;
    return {
      point,
      parser,
      appended: {
        fromLine,
        fromByte: point.previous.bytes,
        newLines: Math.max(0, scan.lines - fromLine + 1),
        previousPath: point.previous.path,
      },
    };
  }

  #lineFormatsByClaimOrder() {
    const order = this.#opts.lineClaimOrder ?? [];
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    return this.#parsers.filter(isLineFormat).sort((a, b) => rank(a.id) - rank(b.id));
  }

  /** The first placed time in a file's head (Infinity when none): a cheap sort key. */
  async #firstTime(st: FileState, parser: Parser): Promise<number> {
    try {
      const head = st.scan.head;
      async function* lines() {
        yield* head;
      }
      for await (const r of parser.parse(lines(), this.#ctx(st))) {
        if (!r.ok) continue;
        const rec = r.record as { ts?: number | null; uptime?: number };
        const ts = this.#placeStamp(rec.ts ?? null, rec.uptime);
        if (ts !== null) return ts;
      }
    } catch {
      // A parser that stumbles on a cut head only loses its place in the order.
    }
    return Number.POSITIVE_INFINITY;
  }

  #ctx(st: FileState): ParseContext {
    const o = this.#opts;
    return {
      file: st.input.display,
      host: this.#host,
      tz: o.tz,
      ...(o.year !== undefined ? { year: o.year } : {}),
      ...(o.bootTime !== undefined ? { bootTime: o.bootTime } : {}),
      ...(o.start !== undefined ? { start: o.start } : {}),
      ...(o.intervalSeconds !== undefined ? { intervalSeconds: o.intervalSeconds } : {}),
      fileMtime: st.input.mtime,
      harnessComments: true,
    };
  }

  async #parseFile(st: FileState, parser: Parser, onBytes: (n: number) => void): Promise<void> {
    const ctx = this.#ctx(st);
    const folder = createFolder();
    const isXlLog = st.format === 'xl-log';
    // Only the bytes the scan fingerprinted: a log written to meanwhile has its next lines read by
    // the next import, which resumes where this one's fingerprint ends.
    const chunks = countingChunks(
      firstBytes(openDecompressed(st.input.path, st.input.compression), st.scan.bytes),
      onBytes,
    );
    // Sysfs topology (physical_device, mode, bridges) is read from the dump's attribute lines.
    const attributeLines: { text: string; line: number }[] = [];
    const keepAttributes = st.format === 'sysfs-dump';
    // A grown file: the results of its old part were stored by an earlier import (grown-file.ts).
    const replay = st.resume?.replayLines ?? 0;
    let oldEnd: ResultTally | null = null;
    const take = (res: ParseResult): void => {
      // The old tail is held one reading at a time (a grown row may make a bigger batch).
      if (oldEnd !== null && oldEnd.size > 0 && res.ok && res.record.type === 'readings') {
        for (const record of expandReadings(res.record)) take({ ok: true, record });
        return;
      }
      if (oldEnd?.take(res)) {
        this.#context(st, res);
        return;
      }
      if (!res.ok) {
        this.#skip(st, res.diag.line, res.diag.code, res.diag.message);
        return;
      }
      const rec = res.record;
      // A batch counts as the readings it holds: the report's numbers do not depend on the form.
      st.report.records += rec.type === 'readings' ? rec.values.length : 1;
      if (rec.type === 'log') {
        const done = folder.push(rec);
        for (let i = 0; i < done.length; i++) this.#onLog(st, done[i]!, isXlLog);
      } else {
        this.#onRecord(st, rec);
      }
    };
    try {
      if (st.resume) {
        oldEnd = await headEndResults(expandedParser(parser), st.input, st.resume, ctx);
        onBytes(st.resume.previous.bytes);
      }
      if (isLineFormat(parser)) {
        // A line format's synchronous core, fed a chunk's lines at a time: one promise per chunk
        // instead of two async generators per line and one per record (what `parse` costs).
        const state = parser.open(ctx);
        const out: ParseResult[] = [];
        let n = 0;
        for await (const batch of lineBatchesFromChunks(chunks)) {
          for (let i = 0; i < batch.length; i++) {
            const text = batch[i]!;
            n++;
            if (n <= replay) {
              state.line(text, n, out);
              for (let k = 0; k < out.length; k++) this.#context(st, out[k]!);
              out.length = 0;
              continue;
            }
            if (keepAttributes && isSysfsAttributeLine(text)) attributeLines.push({ text, line: n });
            state.line(text, n, out);
            if (out.length > 0) {
              for (let k = 0; k < out.length; k++) take(out[k]!);
              out.length = 0;
            }
          }
          if (this.#batchFull()) await this.#flush(false);
        }
        state.end(out);
        for (const res of out) take(res);
      } else if (parser.parseText) {
        // Whole small documents whose exact bytes matter (xl.cfg: CRLF, the final newline).
        const parts: Buffer[] = [];
        for await (const c of chunks) parts.push(c);
        for (const res of parser.parseText(Buffer.concat(parts).toString('utf8'), ctx)) take(res);
      } else {
        let pulled = 0;
        let lines = countedLines(linesFromChunks(chunks), () => pulled++);
        if (keepAttributes) lines = teeAttributeLines(lines, attributeLines, replay);
        for await (const res of parser.parse(lines, ctx)) {
          // Results come as their line is read: those of the old part are not stored again.
          if (replay > 0 && pulled <= replay) {
            this.#context(st, res);
            continue;
          }
          take(res);
          if (this.#batchFull()) await this.#flush(false);
        }
      }
    } catch (err) {
      this.#skip(st, 0, 'unreadable', `reading stopped: ${(err as Error).message}`);
    }
    for (const done of folder.flush()) this.#onLog(st, done, isXlLog);
    for (const f of sysfsFacts(attributeLines, st.input.display)) this.#fact(st, f);
  }

  /**
   * A result of a grown file's old part, stored by an earlier import: not stored again, but the
   * neighbours that place xl log lines are kept (xenstored's domain lives, the xl log's own
   * anchors), so that the new lines are placed as an import of the whole file would place them.
   */
  #context(st: FileState, res: ParseResult): void {
    if (!res.ok || res.record.type !== 'log') return;
    const r = res.record;
    if (r.source === 'xenstored' && r.ts !== null) {
      const op = parseXenstoredMessage(r.message, r.ts);
      if (op) this.#xenstored.add(op);
    }
    if (st.format === 'xl-log') {
      let list = this.#xlLogs.get(st);
      if (!list) this.#xlLogs.set(st, (list = []));
      list.push(r);
      this.#contextOnly.add(r);
    }
  }

  /** Whether a sample or event batch is due for the store. */
  #batchFull(): boolean {
    return this.#samples.length >= SAMPLE_BATCH || this.#events.length >= EVENT_BATCH;
  }

  #fact(st: FileState, f: ReturnType<typeof factOf>): void {
    if (f === null) return;
    this.#facts.push({ ...f, host: this.#host, fileFp: st.scan.contentHash });
    st.stored++;
    st.facts++;
  }

  /**
   * Counts `n` skipped lines (readings, for a file-level complaint at line 0); the same complaint
   * about many is reported once with a count.
   */
  #skip(
    st: FileState,
    line: number,
    code: FileReport['diagnostics'][number]['code'],
    message: string,
    n = 1,
  ): void {
    st.report.skipped += n;
    const same = st.report.diagnostics.find((d) => d.code === code && d.message === message);
    if (same) same.count += n;
    else if (st.report.diagnostics.length < MAX_DIAGNOSTICS_PER_FILE)
      st.report.diagnostics.push({ line, code, message, count: n });
  }

  #onRecord(st: FileState, rec: ParsedRecord): void {
    this.#fact(st, factOf(rec, st.input.display));
    switch (rec.type) {
      case 'reading':
        this.#onReading(st, rec);
        return;
      case 'readings':
        this.#onReadings(st, rec);
        return;
      case 'domain':
        this.#onSighting(st, rec);
        return;
      case 'domain-json':
        if (rec.domid !== null)
          this.#sighting(
            st,
            rec.domid,
            rec.name,
            null,
            'xl-list-json',
            (rec.config as { c_info?: { uuid?: string } })?.c_info?.uuid ?? null,
          );
        return;
      default:
        if ((rec as { type: string }).type === 'domain-config') {
          this.#nConfigs++;
          st.stored++;
        }
        return;
    }
  }

  #onSighting(st: FileState, rec: DomainSeenRecord): void {
    const ts = this.#placeStamp(rec.ts, rec.uptime);
    if (rec.domid !== null && ts !== null)
      this.#sighting(st, rec.domid, rec.name, ts, st.format, rec.uuid ?? null);
    else if (rec.domid !== null) {
      // Unplaced, the row names a domid at no time: nothing to store. Reported once per file.
      if (st.untimedRows) st.untimedRows.n++;
      else st.untimedRows = { line: rec.line, n: 1 };
    }
    // A crashed domain in an `xl list`/xentop snapshot is crash evidence of its own (tsSource poll).
    // xl list spells the reason out; xentop (no domid) only flags crashed in the 4th character.
    const crashed =
      rec.shutdownReason === 3 || rec.shutdownReason === 4 || (rec.domid === null && rec.state?.[3] === 'c');
    const key = `${rec.name}|${rec.domid ?? ''}`;
    if (!crashed) {
      if (rec.domid === null) this.#crashedSeen.delete(key);
      return;
    }
    if (ts === null || this.#crashedSeen.has(key)) return;
    this.#crashedSeen.add(key);
    const kind = rec.shutdownReason === 4 ? 'watchdog' : 'crash';
    const what = rec.domid !== null ? `${rec.name} (domid ${rec.domid})` : rec.name;
    this.#pushEvent(st, {
      ts,
      tsSource: rec.ts !== null ? (rec.tsSource ?? 'poll') : 'boot+uptime',
      host: this.#host,
      domain: rec.name,
      source: 'collector',
      kind,
      severity: 'critical',
      template: null,
      message: `${st.format} shows ${what} in state ${rec.state ?? '?'} (shut down, reason ${kind})`,
      file: st.input.display,
      line: rec.line,
      fileFp: st.scan.contentHash,
    });
  }

  #sighting(
    st: FileState,
    domid: number,
    name: string,
    ts: number | null,
    source: string,
    uuid: string | null,
  ): void {
    if (ts === null) return;
    this.#timeline.add(this.#host, domid, name, ts, source);
    this.#sightings.push({ host: this.#host, domid, name, uuid, ts, tsSource: 'line', source });
    st.stored++;
  }

  #placeStamp(ts: number | null, uptime: number | undefined): number | null {
    if (ts !== null) return ts;
    if (uptime !== undefined && this.#opts.bootTime !== undefined) return this.#opts.bootTime + uptime * 1000;
    return null;
  }

  #onReading(st: FileState, r: ReadingRecord): void {
    if (r.ts === null) {
      this.#pendingReadings.push({ file: st, record: r });
      return;
    }
    const domain = this.#domainOf(r, r.ts);
    if (domain === null) {
      this.#pendingReadings.push({ file: st, record: r });
      return;
    }
    this.#reading(st, r as ReadingRecord & { ts: number }, domain);
  }

  /** A batch goes as a whole: its readings share their time and domain. */
  #onReadings(st: FileState, b: ReadingsRecord): void {
    const domain = b.ts === null ? null : this.#domainOf(b, b.ts);
    if (domain === null) this.#pendingReadings.push({ file: st, record: b });
    else this.#readings(st, b, b.ts!, domain);
  }

  #domainOf(r: ReadingRecord | ReadingsRecord, ts: number): string | null {
    if (r.domain !== null) {
      if (r.nameTruncated) return this.#timeline.resolveTruncated(this.#host, r.domain) ?? r.domain;
      return r.domain;
    }
    if (r.domid === null) return '';
    if (r.domid === 0) return 'Domain-0';
    return this.#timeline.resolve(this.#host, r.domid, ts);
  }

  #reading(st: FileState, r: ReadingRecord & { ts: number }, domain: string): void {
    const { key, id } = this.#keys.get(this.#host, domain, r.resource, r.device, r.metric);
    const kept = this.#rates.kept;
    const s = this.#rates.push(key, id, r, st.format);
    st.kept += this.#rates.kept - kept;
    if (s) {
      this.#samples.push(s);
      this.#range(s.ts);
      st.stored++;
    }
  }

  /** `#reading` for each value of a batch, with the series keys of its layout looked up once. */
  #readings(st: FileState, b: ReadingsRecord, ts: number, domain: string): void {
    const { layout, values, instance } = b;
    const entries = this.#keys.forLayout(this.#host, domain, layout);
    const n = Math.min(layout.length, values.length);
    const source = st.format;
    const kept = this.#rates.kept;
    let stored = 0;
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      const s = this.#rates.pushValue(e.key, e.id, ts, layout[i]!, values[i]!, instance, source);
      if (s) {
        this.#samples.push(s);
        stored++;
      }
    }
    st.kept += this.#rates.kept - kept;
    if (stored > 0) {
      this.#range(ts);
      st.stored += stored;
    }
  }

  #range(ts: number): void {
    if (this.#from === null || ts < this.#from) this.#from = ts;
    if (this.#to === null || ts > this.#to) this.#to = ts;
  }

  #onLog(st: FileState, r: LogRecord, isXlLog: boolean): void {
    if (r.ts !== null && r.uptime !== undefined && r.tsSource === 'line') this.#boot.add(r.ts, r.uptime);
    if (r.source === 'xenstored' && r.ts !== null) {
      const op = parseXenstoredMessage(r.message, r.ts);
      if (op) {
        this.#xenstored.add(op);
        this.#fact(st, xenstoreFact(op.op, op.path, op.value, r.ts, st.input.display, r.line));
      }
    }
    if (isXlLog) {
      let list = this.#xlLogs.get(st);
      if (!list) this.#xlLogs.set(st, (list = []));
      list.push(r);
      return;
    }
    const ts = this.#placeStamp(r.ts, r.uptime);
    if (ts === null) {
      this.#pendingLogs.push({ file: st, record: r });
      return;
    }
    this.#emitLog(st, r, ts, r.ts !== null ? (r.tsSource ?? 'line') : 'boot+uptime');
  }

  #emitLog(st: FileState, r: LogRecord, ts: number, tsSource: StoredEvent['tsSource']): void {
    const c = classify(r);
    const ev = buildEvent(
      r,
      { ts, tsSource },
      this.#host,
      st.input.display,
      st.scan.contentHash,
      this.#timeline,
      c,
    );
    if (ev.domain && (r.source === 'console' || r.source === 'hypervisor') && LIFE_END_KINDS.has(ev.kind)) {
      let hints = this.#consoleHints.get(ev.domain);
      if (!hints) this.#consoleHints.set(ev.domain, (hints = []));
      hints.push(ts);
    }
    this.#pushEvent(st, ev);
  }

  #pushEvent(st: FileState, ev: StoredEvent): void {
    this.#events.push(ev);
    this.#range(ev.ts);
    st.stored++;
  }

  /** Places what waited for the whole picture; reports what still cannot be placed. */
  #settlePending(): ImportReport['bootTime'] {
    let boot: ImportReport['bootTime'] = null;
    const needBoot =
      this.#pendingLogs.some((p) => p.record.uptime !== undefined) ||
      this.#pendingReadings.some((p) => p.record.uptime !== undefined);
    let bootTs: number | null = this.#opts.bootTime ?? null;
    if (bootTs !== null) boot = { ts: bootTs, source: 'option' };
    else if (needBoot) {
      bootTs = this.#boot.estimate();
      if (bootTs !== null) boot = { ts: bootTs, source: 'derived' };
    }

    for (const [st, records] of this.#xlLogs) {
      const name = xlLogDomain(st.input.display);
      const hints = (name && this.#consoleHints.get(name)) || [];
      const { placed, unplaced } = placeXlLog(records, this.#xenstored, hints, this.#claimed);
      for (const p of placed)
        if (!this.#contextOnly.has(p.record)) this.#emitLog(st, p.record, p.ts, p.tsSource);
      for (const r of unplaced)
        if (!this.#contextOnly.has(r))
          this.#skip(
            st,
            r.line,
            'no_time',
            'xl log line carries no time and no neighbouring record (xenstored-access.log, guest console) places it',
          );
    }

    for (const { file, record } of this.#pendingLogs) {
      if (record.uptime !== undefined && bootTs !== null) {
        this.#emitLog(file, record, bootTs + record.uptime * 1000, 'boot+uptime');
      } else {
        this.#skip(file, record.line, 'no_time', noTimeReason(record));
      }
    }
    const readingsNoTime = new Map<FileState, number>();
    for (const { file, record } of this.#pendingReadings) {
      let ts = record.ts;
      if (ts === null && record.uptime !== undefined && bootTs !== null) ts = bootTs + record.uptime * 1000;
      const count = record.type === 'readings' ? record.values.length : 1;
      if (ts === null) {
        readingsNoTime.set(file, (readingsNoTime.get(file) ?? 0) + count);
        continue;
      }
      const domain = this.#domainOf(record, ts);
      if (domain === null) {
        this.#skip(
          file,
          0,
          'ambiguous_name',
          `domid ${record.domid} has no known name at ${new Date(ts).toISOString()}`,
          count,
        );
        continue;
      }
      if (record.type === 'readings') this.#readings(file, record, ts, domain);
      else this.#reading(file, { ...record, ts }, domain);
    }
    // Readings carry no line of their own: the complaint is about the file (line 0), counted in readings.
    for (const [file, n] of readingsNoTime)
      this.#skip(file, 0, 'no_time', `${n} readings carry no time: ${PLACE_CAPTURE}`, n);
    return boot;
  }

  async #flush(all: boolean): Promise<void> {
    if (this.#samples.length > 0 && (all || this.#samples.length >= SAMPLE_BATCH)) {
      await this.#store.appendSamples(this.#samples);
      this.#nSamples += this.#samples.length;
      this.#samples = [];
    }
    if (this.#events.length > 0 && (all || this.#events.length >= EVENT_BATCH)) {
      await this.#store.appendEvents(this.#events);
      this.#nEvents += this.#events.length;
      this.#events = [];
    }
    if (this.#facts.length > 0 && (all || this.#facts.length >= FACT_BATCH)) {
      await this.#store.appendFacts(this.#facts);
      this.#facts = [];
    }
    if (this.#sightings.length > 0) {
      await this.#store.appendDomainSightings(this.#sightings);
      this.#sightings = [];
    }
  }
}

/** What places a capture that carries no time of its own. */
const PLACE_CAPTURE = 'give --start and --interval (or --boot-time for uptime-stamped captures)';

/** A complaint about the whole file, which is therefore not imported. */
function fileLevel(
  report: MutableReport,
  status: 'unrecognised' | 'unreadable',
  code: 'unrecognised_format' | 'unreadable',
  reason: string,
): void {
  report.status = status;
  report.reason = reason;
  report.diagnostics.push({ line: 0, code, message: reason, count: 1 });
}

/**
 * `imported` says the file stored something; one that did not says why, from its most frequent
 * complaint (what would make it store something) or, with none, from what it held.
 */
function settleStatus(st: FileState): void {
  const r = st.report;
  const top = topDiagnostic(r);
  if (st.stored > 0) {
    // A capture whose readings were all dropped may still name devices (sysfs `physical_device`).
    if (st.stored === st.facts && top && r.skipped >= r.records)
      addNote(r, `only ${st.facts} topology ${st.facts === 1 ? 'fact' : 'facts'} stored: ${top.message}`);
    return;
  }
  if (st.kept > 0) {
    // Counters need two readings for a rate: the first is kept for the next import to continue.
    addNote(r, `${st.kept} counter readings kept as the start of their rates (a rate needs a later reading)`);
    return;
  }
  const why = top
    ? top.message
    : r.records === 0
      ? `no records in its ${r.lines} lines`
      : `its ${r.records} records held nothing to store`;
  r.status = 'nothing-stored';
  if (r.appended) addNote(r, `none stored: ${why}`);
  else r.reason = why;
}

/** Adds to a file's reason (a grown file's keeps what was appended). */
function addNote(r: MutableReport, note: string): void {
  r.reason = r.reason ? `${r.reason}; ${note}` : note;
}

/** The complaint about the most lines of a file. */
function topDiagnostic(r: MutableReport): FileReport['diagnostics'][number] | undefined {
  let top: FileReport['diagnostics'][number] | undefined;
  for (const d of r.diagnostics) if (!top || d.count > top.count) top = d;
  return top;
}

/** Why a log line could not be placed, and what would place it. */
function noTimeReason(r: LogRecord): string {
  if (r.uptime !== undefined)
    return 'uptime stamp but no boot time: give --boot-time, or import a syslog/kern.log whose kernel lines carry both stamps';
  if (r.source === 'hypervisor')
    return 'hypervisor line without time: Xen stamps its console only with console_timestamps= (or import hypervisor.log written by xenconsoled --timestamp=hv)';
  if (r.source === 'console')
    return 'console line without time: xenconsoled stamps lines only with --timestamp=guest|all';
  return 'line carries no time and nothing in the import places it';
}

/** `xl-web01.log` / `xl-web01.log.1` → `web01`. */
function xlLogDomain(display: string): string | null {
  const m = /^xl-(.+?)\.log(?:\.\d+)?$/.exec(basename(display));
  return m ? m[1]! : null;
}

/**
 * Passes lines through, keeping (with their numbers) those after line `after` that may carry a
 * sysfs attribute.
 */
async function* teeAttributeLines(
  lines: AsyncIterable<string>,
  kept: { text: string; line: number }[],
  after = 0,
): AsyncGenerator<string> {
  let n = 0;
  for await (const text of lines) {
    n++;
    if (n > after && isSysfsAttributeLine(text)) kept.push({ text, line: n });
    yield text;
  }
}

/** Passes lines through, calling `onLine` as each is read. */
async function* countedLines(lines: AsyncIterable<string>, onLine: () => void): AsyncGenerator<string> {
  for await (const text of lines) {
    onLine();
    yield text;
  }
}

/** Reports each chunk's size as it is read (the parse phase's progress). */
async function* countingChunks(
  stream: AsyncIterable<Buffer>,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  for await (const c of stream) {
    onBytes(c.length);
    yield c;
  }
}
