/**
 * Scoring of one method's answer against a lab truth, per incident (AC@k, Avg@5 at the domain and
 * (domain, resource) levels, lead error, false discoveries). A truth incident is matched to the
 * found incident of the same victim within 2 minutes; an unmatched one scores 0.
 */
import type { InvestigateResult, Suspect } from '../../src/analyze/index.js';
import type { Truth, TruthIncident } from '../../src/lab/index.js';

export interface IncidentScore {
  readonly scenario: string;
  readonly cell: string;
  readonly causes: number;
  readonly found: boolean;
  /** ac[k-1] at the domain level and at the (domain, resource) level, k = 1…5. */
  readonly acDomain: readonly number[];
  readonly acResource: readonly number[];
  /** Confirmed suspects that are not a cause. */
  readonly falseConfirmed: number;
  readonly confirmed: number;
  /** |lead − lag| / lag of the top confirmed right suspect, when there is one. */
  readonly leadError: number | null;
}

/** The cell of a scenario: its resource × antagonist count; no-cause ones are scored by FDR. */
export function cellOf(scenario: string): string {
  switch (scenario) {
    case 'story':
    case 'noisy-disk':
      return 'disk×1';
    case 'net-flood':
      return 'network×1';
    case 'cpu-overcommit':
      return 'cpu×1';
    case 'dom0-heavy':
      return 'cpu(dom0)×1';
    case 'mem-pod':
      return 'memory×1';
    case 'two-antagonists':
      return 'disk+network×2';
    default:
      return 'no-cause';
  }
}

const isCause = (t: TruthIncident, s: Suspect, level: 'domain' | 'resource') =>
  t.causes.some((c) => c.domain === s.domain && (level === 'domain' || c.resource === s.resource));

export function scoreRun(truth: Truth, result: InvestigateResult): IncidentScore[] {
  const found = result.victims.flatMap((v) => v.incidents.map((i) => ({ victim: v.domain, i })));
  return truth.incidents.map((t) => {
    const ts = Date.parse(t.ts);
    const m = found
      .filter((f) => f.victim === t.victim && Math.abs(f.i.ts - ts) <= 120_000)
      .sort((a, b) => Math.abs(a.i.ts - ts) - Math.abs(b.i.ts - ts))[0];
    const suspects = m?.i.suspects ?? [];
    // Top-k by distinct (domain) or (domain, resource): a device's several metrics are one answer.
    const ac = (level: 'domain' | 'resource') => {
      const seen: Suspect[] = [];
      for (const s of suspects) {
        if (!seen.some((x) => x.domain === s.domain && (level === 'domain' || x.resource === s.resource)))
          seen.push(s);
      }
      return [1, 2, 3, 4, 5].map((k) => (seen.slice(0, k).some((s) => isCause(t, s, level)) ? 1 : 0));
    };
    const confirmed = suspects.filter((s) => s.confirmed);
    const right = confirmed.find((s) => isCause(t, s, 'resource'));
    const lag = t.lagSeconds;
    return {
      scenario: truth.scenario,
      cell: cellOf(truth.scenario),
      causes: t.causes.length,
      found: m !== undefined,
      acDomain: ac('domain'),
      acResource: ac('resource'),
      falseConfirmed: confirmed.filter((s) => !isCause(t, s, 'resource')).length,
      confirmed: confirmed.length,
      leadError: right?.leadSeconds && lag ? Math.abs(right.leadSeconds.median - lag) / lag : null,
    };
  });
}
