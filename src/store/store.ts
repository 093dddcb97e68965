/**
 * The `Store` interface: what every backend (DuckDB embedded, ClickHouse for fleets) offers.
 * Batch writes, time-range reads by key pattern, no per-row round trips, and capability flags for
 * what a server lacks. Nothing outside `store/` mentions a concrete database.
 */
import type {
  Event,
  EventKind,
  EventSource,
  Fact,
  FactKind,
  Sample,
  SeriesKey,
  Severity,
  TsSource,
} from '../model/index.js';

export interface StoreCapabilities {
  readonly asofJoin: boolean;
  readonly windowFunctions: boolean;
  readonly queryParameters: boolean;
  readonly ttl: boolean;
}

/** A stored event plus its identity: the content fingerprint of its file and its line. */
export interface StoredEvent extends Event {
  readonly fileFp: string;
}

/** What is known about one imported file (for de-duplication by content, never by path). */
export interface ImportedFile {
  readonly host: string;
  readonly path: string;
  /** sha256 of the whole content at import time. */
  readonly contentHash: string;
  /** sha256 of the first 64 KiB: finds the same file again after it grew. */
  readonly headHash: string;
  /**
   * sha256 of the first line (or of the first 4 KiB when that line is longer); null when the file
   * had neither. Finds a grown copy of a file that was shorter than 64 KiB (whose head hash was its
   * content hash). Null for files recorded before schema version 4.
   */
  readonly leadHash: string | null;
  readonly bytes: number;
  readonly lines: number;
  readonly format: string;
  readonly importedAt: number;
}

/** The last raw value of a counter, kept so later imports continue its rate. */
export interface CounterState {
  readonly key: SeriesKey;
  readonly instance: string;
  readonly ts: number;
  readonly value: number;
}

/** domid ↔ name at a time, as seen in the evidence. */
export interface DomainSighting {
  readonly host: string;
  readonly domid: number | null;
  readonly name: string;
  readonly uuid: string | null;
  readonly ts: number;
  readonly tsSource: TsSource;
  readonly source: string;
}

/** A pattern over series keys: absent fields match everything; arrays match any member. */
export interface SeriesPattern {
  readonly host?: string | readonly string[];
  readonly domain?: string | readonly string[];
  readonly resource?: string | readonly string[];
  readonly device?: string | readonly string[];
  readonly metric?: string | readonly string[];
}

/** One pattern, or several: a series matches when it matches any of them. */
export type SeriesSelector = SeriesPattern | readonly SeriesPattern[];

/**
 * Every matching series on a regular grid: `values[k]` (for `keys[k]`, in `listSeries` order) holds
 * `bins` bins of `step` ms from `from`, each the mean of the finite samples in it, NaN where none.
 * What the analysis reads: the store bins in its own engine instead of shipping every sample.
 */
export interface SeriesGrid {
  readonly keys: readonly SeriesKey[];
  readonly values: readonly Float64Array[];
}

/** One series' window, columnar: what analysis works on. */
export interface SeriesWindow {
  readonly key: SeriesKey;
  readonly ts: Float64Array; // UTC ms, ascending
  readonly values: Float64Array;
}

export interface EventQuery {
  readonly host?: string;
  readonly domain?: string;
  readonly kinds?: readonly EventKind[];
  readonly sources?: readonly EventSource[];
  readonly minSeverity?: Severity;
  readonly since?: number;
  readonly until?: number;
  readonly limit?: number;
}

/**
 * A topology fact of a host (a config, an lvs row, a sysfs attribute …) with the identity of the
 * file it came from. Topology is computed from a host's facts when asked.
 */
export interface StoredFact extends Fact {
  readonly host: string;
  readonly fileFp: string;
}

export interface TimeRange {
  readonly from: number | null;
  readonly to: number | null;
}

export interface Store {
  readonly capabilities: StoreCapabilities;
  /** Creates or migrates the schema; called lazily by the other methods too. */
  migrate(): Promise<void>;
  /**
   * Appends samples in one batch. Callers pass one `SeriesKey` object per series (the store caches
   * series ids by object identity first, then by value).
   */
  appendSamples(samples: readonly Sample[]): Promise<void>;
  appendEvents(events: readonly StoredEvent[]): Promise<void>;
  appendDomainSightings(rows: readonly DomainSighting[]): Promise<void>;
  /** Appends topology facts in one batch. */
  appendFacts(rows: readonly StoredFact[]): Promise<void>;
  /** A host's facts (only these kinds, when given) in the order they were appended. */
  facts(host: string, kinds?: readonly FactKind[]): Promise<StoredFact[]>;
  /** Files already imported whose content hash, head hash or lead hash equals one of these. */
  findImportedFiles(host: string, hashes: readonly string[]): Promise<ImportedFile[]>;
  recordImportedFile(file: ImportedFile): Promise<void>;
  loadCounterStates(host: string): Promise<CounterState[]>;
  saveCounterStates(states: readonly CounterState[]): Promise<void>;
  /** Matching series ordered by host, domain, resource, device, metric. */
  listSeries(pattern: SeriesPattern): Promise<SeriesKey[]>;
  /**
   * Samples in the half-open window [from, to) (a non-finite bound is open), one window per
   * matching series that has samples in it, in `listSeries` order, each sorted by time.
   */
  readSeries(pattern: SeriesPattern, from: number, to: number): Promise<SeriesWindow[]>;
  /**
   * The matching series binned on the grid [from, from + bins·step), `step` a whole ms ≥ 1. Several
   * patterns read only what an analysis uses (every domain's usage, the victims' distress counters)
   * in one query instead of one per pattern.
   */
  readGrid(selector: SeriesSelector, from: number, step: number, bins: number): Promise<SeriesGrid>;
  /** Events in [since, until), ordered by time, then file and line. */
  queryEvents(query: EventQuery): Promise<StoredEvent[]>;
  domainSightings(host?: string): Promise<DomainSighting[]>;
  hosts(): Promise<string[]>;
  timeRange(): Promise<TimeRange>;
  counts(): Promise<{ samples: number; events: number; series: number; files: number }>;
  /** The schema version the store is at after migrating (stores without versioned schemas omit it). */
  schemaVersion?(): Promise<number>;
  close(): Promise<void>;
}
