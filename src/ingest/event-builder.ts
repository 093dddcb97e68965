/**
 * A log record → a stored event: its kind and severity from the signatures, its domain from the
 * record's own file (guest console, xl log), the line, or the domid's name at that time.
 */

import type { DomainTimeline } from '../logs/index.js';
import { type Classification, classify } from '../logs/index.js';
import type { LogRecord, TsSource } from '../model/index.js';
import type { StoredEvent } from '../store/store.js';

export interface EventPlace {
  readonly ts: number;
  readonly tsSource: TsSource;
}

export function buildEvent(
  r: LogRecord,
  place: EventPlace,
  host: string,
  file: string,
  fileFp: string,
  timeline: DomainTimeline,
  c: Classification = classify(r),
): StoredEvent {
  // classify() already inherits the record's own domain unless the line names another domid (and
  // never for xenstored's @releaseDomain), so the record's domain is not consulted again here.
  let domain: string | null = c.domain ?? null;
  if (domain === null && c.domid !== undefined) {
    domain = c.domid === 0 ? 'Domain-0' : timeline.resolve(host, c.domid, place.ts);
  }
  const message = r.detail && r.detail.length > 0 ? `${r.message}\n${r.detail.join('\n')}` : r.message;
  return {
    ts: place.ts,
    tsSource: place.tsSource,
    host,
    domain,
    source: r.source,
    kind: c.kind,
    severity: c.severity,
    template: null,
    message,
    file,
    line: r.line,
    fileFp,
  };
}
