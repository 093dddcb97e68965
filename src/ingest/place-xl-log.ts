/**
 * Places the lines of an `xl-<name>.log`, which carry no time of their own, on the times of
 * neighbouring records of the same happenings (tsSource `neighbour`): "Waiting for domain X (domid
 * N)" at the xenstored name write that created domid N; "Domain N has shut down" at the
 * `@releaseDomain` of that death; the lines in between at the last anchor.
 */
import type { LogRecord, TsSource } from '../model/index.js';
import type { XenstoredIndex } from './xenstored-index.js';

export interface PlacedLog {
  readonly record: LogRecord;
  readonly ts: number;
  readonly tsSource: TsSource;
}

/** How far after a console crash/shutdown line its `@releaseDomain` may come. */
const CONSOLE_TO_RELEASE_MS = 10_000;

const WAITING = /^Waiting for domain (.+) \(domid (\d+)\) to die/;
const SHUT_DOWN = /^Domain (\d+) has shut down, reason code (-?\d+)/;
const DESTROYED = /^Domain (\d+) has been destroyed\./;

export interface XlLogPlacement {
  readonly placed: PlacedLog[];
  readonly unplaced: LogRecord[];
}

/**
 * @param consoleHints times of this domain's own console lines that end a life (panic, halt,
 *   reboot), used to pick the right release when several domains die in one window.
 * @param claimed releases already tied to another death (shared across files).
 */
export function placeXlLog(
  records: readonly LogRecord[],
  index: XenstoredIndex,
  consoleHints: readonly number[],
  claimed: Set<number>,
): XlLogPlacement {
  const placed: PlacedLog[] = [];
  const pending: LogRecord[] = [];
  let anchor: number | null = null;
  let life: ReturnType<XenstoredIndex['lifeOf']> = null;

  const flushPending = (ts: number) => {
    for (const r of pending) placed.push({ record: r, ts, tsSource: 'neighbour' });
    pending.length = 0;
  };

  for (const r of records) {
    if (r.ts !== null) {
      placed.push({ record: r, ts: r.ts, tsSource: r.tsSource ?? 'line' });
      continue;
    }
    const msg = r.message;
    let t: number | null = null;
    const w = WAITING.exec(msg);
    if (w) {
      life = index.lifeOf(Number(w[2]), w[1]!, anchor ?? Number.NEGATIVE_INFINITY);
      if (life) t = life.created;
    } else {
      const s = SHUT_DOWN.exec(msg);
      if (s) {
        const domid = Number(s[1]);
        if (!life || life.domid !== domid)
          life = index.lifeOf(domid, null, anchor ?? Number.NEGATIVE_INFINITY);
        if (life) t = pickRelease(index, life.created, life.removed, consoleHints, claimed);
      } else {
        const d = DESTROYED.exec(msg);
        if (d) {
          const domid = Number(d[1]);
          if (!life || life.domid !== domid)
            life = index.lifeOf(domid, null, anchor ?? Number.NEGATIVE_INFINITY);
          if (life?.removed != null) t = life.removed;
        }
      }
    }
    if (t !== null) {
      anchor = t;
      flushPending(t);
      placed.push({ record: r, ts: t, tsSource: 'neighbour' });
    } else if (anchor !== null) {
      placed.push({ record: r, ts: anchor, tsSource: 'neighbour' });
    } else {
      pending.push(r);
    }
  }
  return { placed, unplaced: pending };
}

function pickRelease(
  index: XenstoredIndex,
  created: number,
  removed: number | null,
  hints: readonly number[],
  claimed: Set<number>,
): number | null {
  const candidates = index
    .releasesIn(created, removed ?? Number.POSITIVE_INFINITY)
    .filter((t) => !claimed.has(t));
  if (candidates.length === 0) return null;
  let choice: number | undefined;
  for (const h of hints) {
    // Console stamps have whole seconds: the release may precede the stamp by up to 1 s.
    const near = candidates.filter((t) => t >= h - 1000 && t <= h + CONSOLE_TO_RELEASE_MS);
    if (near.length > 0) {
      choice = near[0];
      break;
    }
  }
  if (choice === undefined) choice = removed !== null ? candidates[candidates.length - 1] : candidates[0];
  if (choice === undefined) return null;
  claimed.add(choice);
  return choice;
}
