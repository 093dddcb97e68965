/**
 * One `SeriesKey` object per series, so the store can cache series ids by identity and the hot
 * path builds no objects.
 */
import type { Metric, ReadingSlot, Resource, SeriesKey } from '../model/index.js';

export function seriesId(k: SeriesKey): string {
  return `${k.host}\u0000${k.domain}\u0000${k.resource}\u0000${k.device}\u0000${k.metric}`;
}

/** A series' key object and its text id, handed out again on every later `get`. */
export interface SeriesEntry {
  readonly key: SeriesKey;
  readonly id: string;
}

export class SeriesKeys {
  /**
   * host → domain → resource → device → metric → entry. Nested maps look up the parts a reading
   * already holds; a joined text key would build (and hash) a new string for every reading.
   */
  readonly #tree = new Map<string, Map<string, Map<string, Map<string, Map<string, SeriesEntry>>>>>();

  /**
   * The entries of a batch's layout for one host and domain, in layout order. Parsers share one
   * layout object among all rows of a shape, so this is two map lookups per batch instead of five
   * per value.
   */
  readonly #byLayout = new WeakMap<
    readonly ReadingSlot[],
    Map<string, Map<string, readonly SeriesEntry[]>>
  >();

  forLayout(host: string, domain: string, layout: readonly ReadingSlot[]): readonly SeriesEntry[] {
    let byHost = this.#byLayout.get(layout);
    if (!byHost) {
      byHost = new Map();
      this.#byLayout.set(layout, byHost);
    }
    const byDomain = level(byHost, host);
    let entries = byDomain.get(domain);
    if (!entries) {
      entries = Object.freeze(layout.map((s) => this.get(host, domain, s.resource, s.device, s.metric)));
      byDomain.set(domain, entries);
    }
    return entries;
  }

  get(host: string, domain: string, resource: Resource, device: string, metric: Metric): SeriesEntry {
    const byMetric = level(level(level(level(this.#tree, host), domain), resource), device);
    let entry = byMetric.get(metric);
    if (!entry) {
      const key: SeriesKey = Object.freeze({ host, domain, resource, device, metric });
      entry = Object.freeze({ key, id: seriesId(key) });
      byMetric.set(metric, entry);
    }
    return entry;
  }
}

function level<V>(map: Map<string, Map<string, V>>, part: string): Map<string, V> {
  let next = map.get(part);
  if (!next) {
    next = new Map();
    map.set(part, next);
  }
  return next;
}
