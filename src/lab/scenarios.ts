/**
 * The lab's scenarios: what goes wrong on the simulated host, with one-line summaries and default
 * parameters. A scenario only decides the cast (victim, antagonists, innocent neighbours) and the
 * episode mix; the simulation decides what the evidence shows.
 */
import type { Cast, Role } from './host-model.js';
import { domainNames } from './host-model.js';
import type { Prng } from './prng.js';

export const SCENARIO_NAMES = [
  'story',
  'noisy-disk',
  'net-flood',
  'cpu-overcommit',
  'mem-pod',
  'dom0-heavy',
  'no-cause',
  'common-cause',
  'two-antagonists',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What the antagonist episodes of a scenario press on. */
export type CauseKind = 'disk' | 'net' | 'cpu' | 'mem' | 'dom0' | 'none' | 'fleet' | 'disk+net';

export interface ScenarioParams {
  /** Simulated duration in days (fractions allowed: 1/24 is one hour). */
  readonly days: number;
  /** Guests on the host, Domain-0 not counted (3 to 60). */
  readonly domains: number;
  /** Sampling interval of the captures, seconds (1, 5 or 10). */
  readonly intervalSeconds: number;
  /**
   * How late the crash records are after the true failure, seconds; null draws 0–60 s per incident.
   * Populate-on-demand crashes are immediate whatever this says (Xen kills the guest at once).
   */
  readonly recordDelaySeconds: number | null;
  /** Antagonist episodes (or, for no-cause, unprovoked crashes) to plan. */
  readonly incidents: number;
  /** Innocent spiky neighbours (share nothing with the victim). */
  readonly innocents: number;
  /** Fleet-wide surges per day. */
  readonly surgesPerDay: number;
  /** Whether the nightly backup runs (01:00–04:00 UTC). */
  readonly backup: boolean;
  /** Collector gaps (missing xentop/iostat iterations). */
  readonly gaps: number;
  /** How a victim dies once its symptom has lasted the lag: a panic, Xen's watchdog, or either. */
  readonly failureMode: 'panic' | 'watchdog' | 'mixed';
  /** Start of the captures, ISO 8601 UTC. */
  readonly start: string;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly summary: string;
  readonly cause: CauseKind;
  readonly defaults: ScenarioParams;
}

const BASE: ScenarioParams = {
  days: 1,
  domains: 12,
  intervalSeconds: 5,
  recordDelaySeconds: 0,
  incidents: 5,
  innocents: 1,
  surgesPerDay: 1,
  backup: true,
  gaps: 1,
  failureMode: 'mixed',
  start: '2026-05-11T00:00:00Z',
};

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'story',
    summary:
      "db01's write bursts saturate the PV it shares with web03's root LV; web03 stalls, drops traffic, then crashes",
    cause: 'disk',
    defaults: { ...BASE, days: 2, recordDelaySeconds: 0, failureMode: 'panic' },
  },
  {
    name: 'noisy-disk',
    summary:
      'a batch neighbour writing to an LV on the same PV starves the victim of I/O (oo_req, hung tasks)',
    cause: 'disk',
    defaults: { ...BASE, recordDelaySeconds: 30 },
  },
  {
    name: 'net-flood',
    summary: 'a neighbour floods the shared bridge; the victim drops guest-bound packets, stalls and crashes',
    cause: 'net',
    defaults: { ...BASE },
  },
  {
    name: 'cpu-overcommit',
    summary: 'a wide neighbour spins every vCPU on too few pCPUs; the victim soft-locks and dies',
    cause: 'cpu',
    defaults: { ...BASE },
  },
  {
    name: 'mem-pod',
    summary:
      'an HVM guest started with memory < maxmem touches more than its populate-on-demand pool; Xen kills it',
    cause: 'mem',
    defaults: { ...BASE, incidents: 3 },
  },
  {
    name: 'dom0-heavy',
    summary: 'a CPU-heavy job in dom0 starves the backends and the guests; the victim crashes',
    cause: 'dom0',
    defaults: { ...BASE },
  },
  {
    name: 'no-cause',
    summary: 'the victim crashes at random with nothing before it; any blamed neighbour is wrong',
    cause: 'none',
    defaults: { ...BASE, incidents: 4, innocents: 2 },
  },
  {
    name: 'common-cause',
    summary:
      'fleet-wide traffic surges hit every domain at once and the victim crashes; no neighbour is to blame',
    cause: 'fleet',
    defaults: { ...BASE, incidents: 4, surgesPerDay: 0 },
  },
  {
    name: 'two-antagonists',
    summary:
      'a disk writer on the shared PV and a flooder on the shared bridge together push the victim over',
    cause: 'disk+net',
    defaults: { ...BASE, incidents: 4 },
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** Picks a domain of one of `roles` (in order of preference), else any domain not excluded. */
function pickDomain(
  rng: Prng,
  names: readonly { name: string; role: Role }[],
  roles: readonly Role[],
  exclude: ReadonlySet<string>,
): string | null {
  const free = names.filter((d) => !exclude.has(d.name));
  for (const role of roles) {
    const fit = free.filter((d) => d.role === role);
    if (fit.length > 0) return rng.pick(fit).name;
  }
  return free.length > 0 ? rng.pick(free).name : null;
}

/** Decides who plays which part. Depends only on the scenario, the guest count and the rng. */
export function castScenario(rng: Prng, scenario: Scenario, guests: number, innocents: number): Cast {
  const names = domainNames(guests);
  const used = new Set<string>();
  const take = (roles: readonly Role[]): string | null => {
    const n = pickDomain(rng, names, roles, used);
    if (n) used.add(n);
    return n;
  };
  let victim: string | null;
  const diskAntagonists: string[] = [];
  const netAntagonists: string[] = [];
  const wideDomains: string[] = [];
  switch (scenario.name) {
    case 'story': {
      victim = names.some((d) => d.name === 'web03') ? 'web03' : take(['web']);
      if (victim) used.add(victim);
      const ant = names.some((d) => d.name === 'db01') ? 'db01' : take(['db', 'batch']);
      if (ant) {
        used.add(ant);
        diskAntagonists.push(ant);
      }
      break;
    }
    case 'noisy-disk':
      victim = take(['web', 'app', 'cache']);
      diskAntagonists.push(take(['batch', 'build', 'analytics', 'db'])!);
      break;
    case 'net-flood':
      victim = take(['web', 'cache']);
      netAntagonists.push(take(['app', 'analytics', 'build', 'batch', 'mail'])!);
      break;
    case 'cpu-overcommit': {
      victim = take(['web', 'app', 'cache']);
      const ant = take(['build', 'analytics', 'batch'])!;
      wideDomains.push(ant);
      break;
    }
    case 'mem-pod':
      victim = take(['app', 'analytics', 'web']);
      break;
    case 'two-antagonists':
      victim = take(['web', 'cache']);
      diskAntagonists.push(take(['db', 'batch', 'build'])!);
      netAntagonists.push(take(['app', 'analytics', 'cache', 'mail'])!);
      break;
    default:
      victim = take(['web', 'app', 'cache']);
  }
  const inn: string[] = [];
  for (let i = 0; i < innocents; i++) {
    const n = take(['batch', 'build', 'analytics', 'mail', 'mon', 'app', 'cache', 'db', 'web']);
    if (n) inn.push(n);
  }
  return {
    victim,
    diskAntagonists,
    netAntagonists,
    innocents: inn,
    podVictim: scenario.name === 'mem-pod',
    overcommitCpus: scenario.name === 'cpu-overcommit',
    wideDomains,
  };
}

/** Parameter overrides a caller may give; anything absent takes the scenario's default. */
export type ParamOverrides = { readonly [K in keyof ScenarioParams]?: ScenarioParams[K] | undefined };

/** The scenario's defaults with the caller's overrides, checked. Throws RangeError on bad values. */
export function resolveParams(scenario: Scenario, overrides: ParamOverrides = {}): ScenarioParams {
  const merged: Record<string, unknown> = { ...scenario.defaults };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  const p = merged as unknown as ScenarioParams;
  if (!(p.days > 0 && p.days <= 60)) throw new RangeError(`days must be in (0, 60], got ${p.days}`);
  if (!Number.isInteger(p.domains) || p.domains < 3 || p.domains > 60) {
    throw new RangeError(`domains must be an integer from 3 to 60, got ${p.domains}`);
  }
  if (!Number.isInteger(p.intervalSeconds) || p.intervalSeconds < 1 || p.intervalSeconds > 60) {
    throw new RangeError(`interval must be a whole number of seconds from 1 to 60, got ${p.intervalSeconds}`);
  }
  if (p.recordDelaySeconds !== null && !(p.recordDelaySeconds >= 0 && p.recordDelaySeconds <= 600)) {
    throw new RangeError(`recordDelay must be from 0 to 600 seconds, got ${p.recordDelaySeconds}`);
  }
  if (!Number.isInteger(p.incidents) || p.incidents < 0 || p.incidents > 200) {
    throw new RangeError(`incidents must be an integer from 0 to 200, got ${p.incidents}`);
  }
  if (Number.isNaN(Date.parse(p.start))) throw new RangeError(`start is not an ISO 8601 time: ${p.start}`);
  return p;
}
