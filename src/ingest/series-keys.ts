/**
 * One `SeriesKey` object per series, so the store can cache series ids by identity and the hot
 * path builds no objects.
 */
import type { Metric, Resource, SeriesKey } from '../model/index.js';

export function seriesId(k: SeriesKey): string {
  return `${k.host}\u0000${k.domain}\u0000${k.resource}\u0000${k.device}\u0000${k.metric}`;
}

export class SeriesKeys {
  readonly #keys = new Map<string, SeriesKey>();

  get(host: string, domain: string, resource: Resource, device: string, metric: Metric): { key: SeriesKey; id: string } {
    const id = `${host}\u0000${domain}\u0000${resource}\u0000${device}\u0000${metric}`;
    let key = this.#keys.get(id);
    if (!key) {
      key = Object.freeze({ host, domain, resource, device, metric });
      this.#keys.set(id, key);
    }
    return { key, id };
  }
}
