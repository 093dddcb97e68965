/**
 * domid → name over time, per host. Domains are identified by name (design.md, "Records"), but
 * most Xen lines name a domid, and domids change at every restart: `domu2` was domid 2, crashed,
 * and came back as domid 3. Sightings come from xenstored name writes, `xl` "Waiting for domain"
 * lines, `xl list` snapshots and the like; `resolve` answers "what was domid N called at time t".
 */

/** Where a sighting came from (free text for diagnostics: `xenstored`, `xl`, `xl-list`, ...). */
export interface Sighting {
  readonly ts: number;
  readonly name: string;
  readonly source: string;
}

export interface DomainTimelineOptions {
  /**
   * How far after `ts` a first sighting may lie and still name the domid at `ts`. xenstored
   * writes a name a moment before the domain's first line elsewhere, but a clock placed by
   * another source (second-resolution stamps, a guessed zone) can put a line a little earlier.
   */
  readonly lookaheadMs?: number;
}

/** xentop without `-f` prints this many characters of a name (reference §1). */
export const XENTOP_NAME_WIDTH = 10;

const DEFAULT_LOOKAHEAD_MS = 30_000;
const DOM0_NAME = 'Domain-0';

interface HostState {
  /** Sightings per domid, sorted by time. */
  readonly byDomid: Map<number, Sighting[]>;
  readonly names: Set<string>;
}

export class DomainTimeline {
  readonly #hosts = new Map<string, HostState>();
  readonly #lookaheadMs: number;

  constructor(options: DomainTimelineOptions = {}) {
    this.#lookaheadMs = options.lookaheadMs ?? DEFAULT_LOOKAHEAD_MS;
  }

  #host(host: string): HostState {
    let h = this.#hosts.get(host);
    if (!h) {
      h = { byDomid: new Map(), names: new Set() };
      this.#hosts.set(host, h);
    }
    return h;
  }

  /** Records that `domid` was called `name` at `ts` (UTC ms). Bad input is ignored, not thrown. */
  add(host: string, domid: number, name: string, ts: number, source: string): void {
    if (!Number.isSafeInteger(domid) || domid < 0 || !Number.isFinite(ts) || name.length === 0) return;
    const h = this.#host(host);
    h.names.add(name);
    let list = h.byDomid.get(domid);
    if (!list) {
      list = [];
      h.byDomid.set(domid, list);
    }
    const sighting: Sighting = { ts, name, source };
    // Sightings mostly arrive in time order: append, else insert after equal times (stable).
    if (list.length === 0 || list[list.length - 1]!.ts <= ts) {
      const last = list[list.length - 1];
      if (last && last.ts === ts && last.name === name) return;
      list.push(sighting);
      return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.ts <= ts) lo = mid + 1;
      else hi = mid;
    }
    const before = list[lo - 1];
    if (before && before.ts === ts && before.name === name) return;
    list.splice(lo, 0, sighting);
  }

  /**
   * The name `domid` had at `ts`: the latest sighting at or before `ts`; failing that, the
   * earliest one within the look-ahead window after it; else null. domid 0 is always
   * `Domain-0` unless sightings say otherwise.
   */
  resolve(host: string, domid: number, ts: number): string | null {
    const list = this.#hosts.get(host)?.byDomid.get(domid);
    if (!list || list.length === 0) return domid === 0 ? DOM0_NAME : null;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.ts <= ts) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) return list[lo - 1]!.name;
    const first = list[0]!;
    if (first.ts - ts <= this.#lookaheadMs) return first.name;
    return domid === 0 ? DOM0_NAME : null;
  }

  /**
   * The full name behind a name cut by xentop: the one known name starting with `prefix`, or
   * null when none or several do. A prefix shorter than xentop's width was not cut, so only an
   * exact match counts for it.
   */
  resolveTruncated(host: string, prefix: string): string | null {
    const names = this.#hosts.get(host)?.names;
    if (!names || prefix.length === 0) return null;
    if (prefix.length < XENTOP_NAME_WIDTH) return names.has(prefix) ? prefix : null;
    let found: string | null = null;
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      if (found !== null) return null;
      found = name;
    }
    return found;
  }

  /** Every name seen on `host`, sorted. */
  names(host: string): string[] {
    return [...(this.#hosts.get(host)?.names ?? [])].sort();
  }

  /** The sightings of one domid, oldest first (for diagnostics and tests). */
  sightings(host: string, domid: number): readonly Sighting[] {
    return this.#hosts.get(host)?.byDomid.get(domid) ?? [];
  }
}
