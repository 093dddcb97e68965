/**
 * `truth.json` (design.md, "Command-line contract"): the incidents with their causes, lags and
 * record delays, and every episode with its innocence. The only place the lab says who did it.
 */
import type { Metric, Resource } from '../../model/index.js';
import { toIso } from '../../model/index.js';
import type { EpisodeKind, LagDistribution } from '../faults.js';
import type { Simulation, TruthCause } from '../simulate.js';

export type { TruthCause };

export interface TruthIncident {
  readonly victim: string;
  readonly ts: string;
  readonly kind: 'crash' | 'watchdog';
  readonly causes: readonly TruthCause[];
  readonly lagSeconds: number | null;
  readonly recordDelaySeconds: number;
}

export interface TruthEpisode {
  readonly domain: string;
  readonly resource: Resource;
  readonly device: string;
  readonly start: string;
  readonly end: string;
  readonly innocent: boolean;
  /** What the episode was: an antagonist, an innocent spike, a fleet surge, the backup, ... */
  readonly kind: EpisodeKind;
  readonly metric: Metric;
}

export interface Truth {
  readonly scenario: string;
  readonly seed: number;
  readonly host: string;
  readonly incidents: readonly TruthIncident[];
  readonly episodes: readonly TruthEpisode[];
  /** The captures' span and sampling. */
  readonly start: string;
  readonly end: string;
  readonly intervalSeconds: number;
  /** The stated distribution of the lag from first symptom to failure. */
  readonly symptomLag: LagDistribution;
}

export function buildTruth(sim: Simulation, lag: LagDistribution): Truth {
  return {
    scenario: sim.scenario.name,
    seed: sim.seed,
    host: sim.host.name,
    incidents: sim.incidents
      .slice()
      .sort((a, b) => a.ts - b.ts)
      .map((i) => ({
        victim: i.victim,
        ts: toIso(i.ts),
        kind: i.kind,
        causes: i.causes,
        lagSeconds: i.lagSeconds,
        recordDelaySeconds: i.recordDelaySeconds,
      })),
    episodes: sim.episodeTruth().map(({ episode: e, innocent }) => ({
      domain: e.domain,
      resource: e.resource,
      device: e.device,
      start: toIso(e.start),
      end: toIso(e.end),
      innocent,
      kind: e.kind,
      metric: e.metric,
    })),
    start: toIso(sim.startMs),
    end: toIso(sim.endMs),
    intervalSeconds: sim.params.intervalSeconds,
    symptomLag: lag,
  };
}

export function renderTruth(t: Truth): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}
