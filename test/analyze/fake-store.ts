/** An in-memory Store with just what analyze reads, for hand-built series where the answer is known. */
import type { EventKind, SeriesKey } from '../../src/model/index.js';
import type {
  EventQuery,
  SeriesPattern,
  SeriesSelector,
  SeriesWindow,
  Store,
  StoredEvent,
} from '../../src/store/index.js';
import { gridOfWindows } from '../../src/store/index.js';

export interface FakeSeries {
  readonly key: SeriesKey;
  readonly ts: Float64Array;
  readonly values: Float64Array;
}

const matches = (p: string | readonly string[] | undefined, v: string) =>
  p === undefined || (typeof p === 'string' ? p === v : p.includes(v));

export function fakeStore(series: readonly FakeSeries[], events: readonly StoredEvent[]): Store {
  const one = (p: SeriesPattern, s: FakeSeries) =>
    matches(p.host, s.key.host) &&
    matches(p.domain, s.key.domain) &&
    matches(p.resource, s.key.resource) &&
    matches(p.device, s.key.device) &&
    matches(p.metric, s.key.metric);
  const pick = (selector: SeriesSelector) => {
    const patterns: readonly SeriesPattern[] = Array.isArray(selector)
      ? selector
      : [selector as SeriesPattern];
    return series.filter((s) => patterns.some((p) => one(p, s)));
  };
  const unused = async (): Promise<never> => {
    throw new Error('not used by analyze');
  };
  const all = series.flatMap((s) => [s.ts[0]!, s.ts[s.ts.length - 1]!]).concat(events.map((e) => e.ts));
  const windows = (p: SeriesSelector, from: number, to: number): SeriesWindow[] =>
    pick(p).flatMap((s) => {
      let a = 0;
      while (a < s.ts.length && s.ts[a]! < from) a++;
      let b = a;
      while (b < s.ts.length && s.ts[b]! < to) b++;
      return b > a ? [{ key: s.key, ts: s.ts.slice(a, b), values: s.values.slice(a, b) }] : [];
    });
  return {
    capabilities: { asofJoin: true, windowFunctions: true, queryParameters: true, ttl: true },
    migrate: async () => {},
    appendSamples: unused,
    appendEvents: unused,
    appendFacts: unused,
    facts: async () => [],
    appendDomainSightings: unused,
    findImportedFiles: unused,
    recordImportedFile: unused,
    loadCounterStates: unused,
    saveCounterStates: unused,
    listSeries: async (p) => pick(p).map((s) => s.key),
    readSeries: async (p, from, to) => windows(p, from, to),
    readGrid: async (p, from, step, bins) =>
      gridOfWindows(
        pick(p).map((s) => s.key),
        windows(p, from, from + bins * step),
        from,
        step,
        bins,
      ),
    queryEvents: async (q: EventQuery) =>
      events
        .filter(
          (e) =>
            (q.host === undefined || e.host === q.host) &&
            (q.domain === undefined || e.domain === q.domain) &&
            (q.kinds === undefined || q.kinds.includes(e.kind)) &&
            (q.since === undefined || e.ts >= q.since) &&
            (q.until === undefined || e.ts < q.until),
        )
        .sort((a, b) => a.ts - b.ts),
    domainSightings: async () => [],
    hosts: async () => [...new Set(series.map((s) => s.key.host))],
    timeRange: async () => ({ from: Math.min(...all), to: Math.max(...all) }),
    counts: async () => ({ samples: 0, events: events.length, series: series.length, files: 0 }),
    close: async () => {},
  };
}

export function event(
  ts: number,
  domain: string,
  kind: EventKind,
  extra: Partial<StoredEvent> = {},
): StoredEvent {
  return {
    ts,
    tsSource: 'line',
    host: 'h1',
    domain,
    source: kind === 'crash' ? 'xl' : 'console',
    kind,
    severity: 'critical',
    template: null,
    message: `${kind} of ${domain}`,
    file: `/var/log/xen/${domain}.log`,
    line: 1,
    fileFp: 'fp',
    ...extra,
  };
}

/** A deterministic noise source for building series. */
export function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}
