/**
 * The records that flow through the pipeline (design.md, "Records"). Parsers yield `ParsedRecord`s;
 * ingest turns them into `Sample`s and `Event`s for the store.
 */
import type { DomainConfigRecord } from './config.js';
import type { DevNodeRecord, LvmRecord } from './topology.js';
import type { DiagCode, EventKind, EventSource, Metric, Resource, Severity, TsSource } from './vocabulary.js';

/** Identity of one time series. Domains by name (never domid); host-level series use domain "". */
export interface SeriesKey {
  readonly host: string;
  readonly domain: string;
  readonly resource: Resource;
  readonly device: string;
  readonly metric: Metric;
}

export interface Sample {
  readonly ts: number; // UTC milliseconds
  readonly key: SeriesKey;
  readonly value: number;
}

export interface Event {
  readonly ts: number; // UTC milliseconds
  readonly tsSource: TsSource;
  readonly host: string;
  readonly domain: string | null;
  readonly source: EventSource;
  readonly kind: EventKind;
  readonly severity: Severity;
  readonly template: string | null;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/** A parser's complaint about one line: `file:line: message`. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly code: DiagCode;
  readonly message: string;
}

/**
 * When something happened, as far as the parser could tell. `ts` is null when the line carries no
 * time of its own and ctx gave no way to place it; `uptime` (seconds since the dom0 or Xen boot)
 * lets ingest place it once a boot time is known.
 */
export interface Stamp {
  readonly ts: number | null;
  readonly tsSource: TsSource | null;
  readonly uptime?: number;
}

/**
 * One reading of a counter or gauge. `counter: true` values are cumulative (ingest turns them into
 * per-second rates); gauges are stored as they are. `instance` identifies the kernel object the
 * counter lives in (the domid, or a boot): a change of instance is a reset, never a negative rate.
 */
export interface ReadingRecord extends Stamp {
  readonly type: 'reading';
  readonly domain: string | null; // null: not known yet (resolved from domid by ingest)
  readonly domid: number | null;
  readonly resource: Resource;
  readonly device: string;
  readonly metric: Metric;
  readonly value: number;
  readonly counter: boolean;
  /** Multiply the per-second rate by this (e.g. xentop's KiB columns are ×1024 bytes). */
  readonly scale?: number;
  readonly instance?: string;
  /** dom0-side device name (`vif3.0`, `vbd-3-51712`): an attribute, not identity. */
  readonly devName?: string;
  /** Update the stored counter state but emit no sample (xentop's CPU(sec) when CPU(%) is used). */
  readonly stateOnly?: boolean;
  /**
   * The domain name may be cut (xentop without `-f` prints 10 characters): ingest resolves it to
   * the one full name that starts with it, if the evidence has exactly one.
   */
  readonly nameTruncated?: boolean;
}

/** What one value of a `ReadingsRecord` is: the per-reading fields of a `ReadingRecord`. */
export interface ReadingSlot {
  readonly resource: Resource;
  readonly device: string;
  readonly metric: Metric;
  readonly counter: boolean;
  readonly scale?: number;
  readonly devName?: string;
  readonly stateOnly?: boolean;
}

/**
 * Several readings of one domain at one time, as one descriptor (`layout`) and one column of
 * values (`values[i]` is read as `layout[i]` says): what node_exporter and Vector do with metric
 * families. It is the same information as one `ReadingRecord` per slot (stamp, domain, domid and
 * nameTruncated shared; `instance` given to the counters only), but a xentop row makes ~17
 * readings, and one object each (of many shapes, with optional fields) was most of the parse and
 * GC time. A parser hands out the same frozen layout object for every row of the same shape, so
 * ingest may cache what it derives from a layout (series keys) by identity.
 */
export interface ReadingsRecord extends Stamp {
  readonly type: 'readings';
  readonly domain: string | null; // null: not known yet (resolved from domid by ingest)
  readonly domid: number | null;
  /** The counters' `instance` (gauges carry none), as `ReadingRecord.instance`. */
  readonly instance?: string;
  readonly nameTruncated?: boolean;
  readonly layout: readonly ReadingSlot[];
  readonly values: readonly number[];
}

/** A log line (or a multiline block headed by one). */
export interface LogRecord extends Stamp {
  readonly type: 'log';
  readonly source: EventSource;
  readonly message: string;
  readonly line: number;
  /** Continuation lines folded into this record (call traces, register dumps). */
  readonly detail?: readonly string[];
  readonly program?: string;
  readonly hostname?: string;
  readonly severity?: Severity;
  /** The domain the line is about, when the file says (guest console, xl-<name>.log). */
  readonly domain?: string;
  readonly domid?: number;
}

/** domid ↔ name at a time (xl list rows, xenstored name writes, xl log "Waiting for domain"). */
export interface DomainSeenRecord extends Stamp {
  readonly type: 'domain';
  readonly domid: number | null;
  readonly name: string;
  readonly uuid?: string;
  /** xl list state string (`---sc-`) or xentop flags, when the snapshot shows one. */
  readonly state?: string;
  readonly shutdownReason?: number;
  readonly uptimeSeconds?: number;
  readonly memMiB?: number;
  readonly vcpus?: number;
  readonly cpuSeconds?: number;
  readonly nameTruncated?: boolean;
  readonly line: number;
}

/** `xl info` facts, as key → value text. */
export interface HostInfoRecord {
  readonly type: 'host-info';
  readonly facts: Readonly<Record<string, string>>;
  readonly line: number;
}

/** One vCPU of `xl vcpu-list`. */
export interface VcpuRecord {
  readonly type: 'vcpu';
  readonly domain: string;
  readonly domid: number;
  readonly vcpu: number;
  readonly cpu: number | null;
  readonly state: string;
  readonly timeSeconds: number;
  readonly hardAffinity: string;
  readonly softAffinity: string;
  readonly line: number;
}

/** A running domain's configuration as `xl list -l` prints it (libxl JSON). */
export interface DomainJsonRecord {
  readonly type: 'domain-json';
  readonly domid: number | null;
  readonly name: string;
  readonly config: unknown;
  readonly line: number;
}

export type ParsedRecord =
  | ReadingRecord
  | ReadingsRecord
  | LogRecord
  | DomainSeenRecord
  | HostInfoRecord
  | VcpuRecord
  | DomainJsonRecord
  | DomainConfigRecord
  | LvmRecord
  | DevNodeRecord;

export type ParseResult<R = ParsedRecord> =
  | { readonly ok: true; readonly record: R }
  | { readonly ok: false; readonly diag: Diagnostic };
