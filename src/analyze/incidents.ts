/**
 * Events → incidents (design.md, "How the explanation works" §1). One PV crash leaves several
 * records (console panic, xl "reason code 3", xentop's crashed state): records of the same domain
 * instance within 2 minutes are one incident. A restart gives a new instance, so a crash loop stays
 * a series of incidents even when its crashes are less than 2 minutes apart.
 */
import type { Event, EventKind } from '../model/index.js';
import type { Incident, IncidentEvidence } from './types.js';

export const INCIDENT_MERGE_MS = 120_000;

const CRASH_KINDS: ReadonlySet<EventKind> = new Set(['crash', 'watchdog', 'panic']);
/** Console lines by which a guest asks for its own end ("reboot: Restarting system"). */
const ORDERLY_KINDS: ReadonlySet<EventKind> = new Set(['shutdown', 'reboot']);

/**
 * How far a record's time can be trusted. A stamp written on the line beats a time borrowed from a
 * neighbouring record, which beats a poll (xentop/xl list see the state only at their next
 * iteration); a file's mtime is last.
 */
export function timeTrust(e: Pick<Event, 'tsSource' | 'source'>): number {
  if (e.source === 'collector') return 1; // a poll, whatever its stamp says
  switch (e.tsSource) {
    case 'line':
    case 'boot+uptime':
      return 3;
    case 'neighbour':
      return 2;
    case 'start+interval':
    case 'poll':
      return 1;
    default:
      return 0;
  }
}

/** Is this event a crash-class record? A `reboot` counts only when the guest did not ask for it. */
function isCrashClass(e: Event, asked: (e: Event) => boolean): boolean {
  if (CRASH_KINDS.has(e.kind)) return true;
  return e.kind === 'reboot' && e.source !== 'console' && !asked(e);
}

/**
 * Groups crash-class events into incidents. `events` may hold any kinds: `domain_start` records
 * split instances, orderly console shutdowns make a following `reboot` a requested one.
 */
export function findIncidents(events: readonly Event[]): Incident[] {
  const byDomain = new Map<string, Event[]>();
  for (const e of events) {
    if (!e.domain) continue;
    let list = byDomain.get(`${e.host}\u0000${e.domain}`);
    if (!list) byDomain.set(`${e.host}\u0000${e.domain}`, (list = []));
    list.push(e);
  }
  const out: Incident[] = [];
  for (const list of byDomain.values()) {
    list.sort((a, b) => a.ts - b.ts);
    const asked = (r: Event) =>
      list.some(
        (o) =>
          o.source === 'console' &&
          ORDERLY_KINDS.has(o.kind) &&
          o.ts <= r.ts + 5_000 &&
          o.ts >= r.ts - INCIDENT_MERGE_MS,
      );
    let group: Event[] = [];
    const flush = () => {
      if (group.length > 0) out.push(toIncident(group));
      group = [];
    };
    for (const e of list) {
      if (e.kind === 'domain_start') {
        // A new instance: whatever comes next is a new incident even within 2 minutes.
        flush();
        continue;
      }
      if (!isCrashClass(e, asked)) continue;
      if (group.length > 0 && e.ts - group[group.length - 1]!.ts > INCIDENT_MERGE_MS) flush();
      group.push(e);
    }
    flush();
  }
  return out.sort((a, b) => a.ts - b.ts || a.domain.localeCompare(b.domain));
}

function toIncident(group: readonly Event[]): Incident {
  const best = Math.max(...group.map(timeTrust));
  // The earliest of the most trustworthy records; a finer but less trusted time inside the same
  // second as a whole-second line stamp does not move it.
  const ts = Math.min(...group.filter((e) => timeTrust(e) === best).map((e) => e.ts));
  const kinds = new Set(group.map((e) => e.kind));
  const kind = kinds.has('watchdog')
    ? 'watchdog'
    : kinds.has('crash')
      ? 'crash'
      : kinds.has('panic')
        ? 'panic'
        : 'reboot';
  const first = group[0]!;
  const evidence: IncidentEvidence[] = group.map((e) => ({
    ts: e.ts,
    tsSource: e.tsSource,
    source: e.source,
    kind: e.kind,
    message: e.message,
    file: e.file,
    line: e.line,
  }));
  return { host: first.host, domain: first.domain!, ts, kind, evidence };
}
