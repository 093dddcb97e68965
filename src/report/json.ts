/**
 * `investigate --json`: the one object of design.md ("Command-line contract"), times as ISO 8601
 * UTC, suspects with exactly the `Suspect` fields.
 */
import type { IncidentResult, InvestigateResult, Suspect, VictimResult } from '../analyze/index.js';
import { toIso } from '../model/index.js';

export interface SuspectJson {
  rank: number;
  domain: string;
  resource: string;
  device: string;
  metric: string;
  score: number;
  support: { hits: number; n: number };
  lift: number;
  p: number;
  q: number;
  leadSeconds: { median: number; lo: number; hi: number } | null;
  shared: string | null;
  direction: 'cause' | 'effect';
  confirmed: boolean;
}

export function suspectJson(s: Suspect): SuspectJson {
  return {
    rank: s.rank,
    domain: s.domain,
    resource: s.resource,
    device: s.device,
    metric: s.metric,
    score: s.score,
    support: { hits: s.support.hits, n: s.support.n },
    lift: s.lift,
    p: s.p,
    q: s.q,
    leadSeconds: s.leadSeconds ? { ...s.leadSeconds } : null,
    shared: s.shared,
    direction: s.direction,
    confirmed: s.confirmed,
  };
}

function incidentJson(i: IncidentResult) {
  return {
    ts: toIso(i.ts),
    kind: i.kind,
    evidence: i.evidence.map((e) => ({ ts: toIso(e.ts), source: e.source, message: e.message })),
    suspects: i.suspects.map(suspectJson),
  };
}

function victimJson(v: VictimResult) {
  return {
    host: v.host,
    domain: v.domain,
    incidents: v.incidents.map(incidentJson),
    suspects: v.suspects.map(suspectJson),
    explanation: v.explanation,
  };
}

export function toJson(r: InvestigateResult): { victims: ReturnType<typeof victimJson>[] } {
  return { victims: r.victims.map(victimJson) };
}
