/**
 * What `xenstored-access.log` says about domain lifecycles, for placing timeless records (reference
 * §5.13). `w event @releaseDomain` fires when *some* domain died, once per watcher, and also right
 * after each `watch @releaseDomain` registration; it never names the domain. So: echoes of a
 * registration are dropped, one release seen by several watchers within a few ms counts once,
 * and a release is tied to a domid only by the creation (`write /local/domain/<d>/name`) and
 * teardown (`rm /local/domain/<d>`) around it.
 */

/** Registration echoes arrive within this long after the `watch` line of the same connection. */
const ECHO_MS = 200;
/** Watchers of one release fire within this long of each other. */
const SAME_RELEASE_MS = 50;

export interface XenstoredOp {
  readonly ts: number;
  readonly conn: string;
  readonly op: string;
  readonly path: string;
  readonly value: string;
}

/** Splits the message part of an access-log line: `A5  w event  @releaseDomain domlist`. */
export function parseXenstoredMessage(message: string, ts: number): XenstoredOp | null {
  const m = /^\s*(\S+)\s+(w event|\S+)\s*(\S*)\s?(.*)$/.exec(message);
  if (!m) return null;
  return { ts, conn: m[1]!, op: m[2]!, path: m[3]!, value: m[4]!.trim() };
}

export interface DomidLife {
  readonly domid: number;
  readonly name: string;
  readonly created: number;
  /** First `rm /local/domain/<domid>` after creation: teardown. */
  readonly removed: number | null;
}

export class XenstoredIndex {
  readonly #ops: XenstoredOp[] = [];
  #releases: number[] | null = null;
  #lives: DomidLife[] | null = null;

  add(op: XenstoredOp): void {
    this.#ops.push(op);
    this.#releases = null;
    this.#lives = null;
  }

  get size(): number {
    return this.#ops.length;
  }

  /** Domain deaths: release events that are neither registration echoes nor repeats. */
  releases(): number[] {
    if (this.#releases) return this.#releases;
    const ops = [...this.#ops].sort((a, b) => a.ts - b.ts);
    const lastWatch = new Map<string, number>();
    const out: number[] = [];
    for (const o of ops) {
      if (o.path !== '@releaseDomain') continue;
      if (o.op === 'watch') {
        lastWatch.set(`${o.conn}|${o.value}`, o.ts);
        continue;
      }
      if (o.op !== 'w event') continue;
      const w = lastWatch.get(`${o.conn}|${o.value}`);
      if (w !== undefined && o.ts - w <= ECHO_MS) continue;
      const prev = out[out.length - 1];
      if (prev !== undefined && o.ts - prev <= SAME_RELEASE_MS) continue;
      out.push(o.ts);
    }
    this.#releases = out;
    return out;
  }

  /** Every creation of a domid (name write) with its teardown, in time order. */
  lives(): DomidLife[] {
    if (this.#lives) return this.#lives;
    const ops = [...this.#ops].sort((a, b) => a.ts - b.ts);
    const lives: { domid: number; name: string; created: number; removed: number | null }[] = [];
    const open = new Map<number, (typeof lives)[number]>();
    for (const o of ops) {
      const name = /^\/local\/domain\/(\d+)\/name$/.exec(o.path);
      if (name && o.op === 'write') {
        const domid = Number(name[1]);
        const cur = open.get(domid);
        if (cur && cur.removed === null && cur.name === o.value) continue; // rewrite inside one life
        const life = { domid, name: o.value, created: o.ts, removed: null };
        lives.push(life);
        open.set(domid, life);
        continue;
      }
      const rm = /^\/local\/domain\/(\d+)$/.exec(o.path);
      if (rm && o.op === 'rm') {
        const cur = open.get(Number(rm[1]));
        if (cur && cur.removed === null) cur.removed = o.ts;
      }
    }
    this.#lives = lives;
    return lives;
  }

  /** The life of `domid` that was current at or just after `near` (or the latest one). */
  lifeOf(domid: number, name: string | null, after = Number.NEGATIVE_INFINITY): DomidLife | null {
    for (const l of this.lives()) {
      if (l.domid !== domid) continue;
      if (name !== null && l.name !== name) continue;
      if (l.created < after - 1000 && l.removed !== null && l.removed < after) continue;
      return l;
    }
    return null;
  }

  /** Releases inside (from, to]. */
  releasesIn(from: number, to: number): number[] {
    return this.releases().filter((t) => t > from && t <= to);
  }
}
