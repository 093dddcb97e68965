/**
 * Fault planning: antagonist episodes (domain, resource, device, size, start, duration), innocent
 * spiky neighbours, fleet-wide surges, the nightly backup, unprovoked crashes and collector gaps;
 * and the stated distributions of the lag from first symptom to failure and of the record delay.
 * Whether an episode really ends in a crash is decided by the simulation, through the queues.
 */
import type { Metric, Resource } from '../model/index.js';
import type { Cast, DomainSpec, HostModel } from './host-model.js';
import type { Prng } from './prng.js';
import type { Scenario, ScenarioParams } from './scenarios.js';

export type EpisodeKind = 'antagonist' | 'innocent' | 'surge' | 'backup' | 'self' | 'dom0';
/** Which demand channel an episode raises. */
export type Channel = 'rd' | 'wr' | 'rx' | 'cpu' | 'mem';

export interface Episode {
  readonly kind: EpisodeKind;
  /** The domain doing it; `Domain-0` for dom0, "" for fleet-wide. */
  readonly domain: string;
  readonly resource: Resource;
  readonly device: string;
  readonly metric: Metric;
  readonly channel: Channel;
  readonly start: number; // UTC ms
  readonly end: number;
  /**
   * Extra demand. disk/net: a multiple of the shared device's capacity; cpu: the share of the
   * domain's vCPUs kept busy; backup: sectors/s read; mem: how far past its pool the guest reaches.
   */
  readonly size: number;
  /** The host disk or bridge the extra demand lands on (disk/net episodes). */
  readonly target: string;
}

export interface UnprovokedCrash {
  readonly domain: string;
  readonly at: number;
}

export interface Gap {
  readonly start: number;
  readonly end: number;
}

/** The stated distribution of the lag from first symptom to true failure. */
export interface LagDistribution {
  readonly kind: 'lognormal' | 'uniform';
  /** lognormal: median and sigma; uniform: lo/hi. Both clipped to [min, max]. */
  readonly median: number;
  readonly sigma: number;
  readonly min: number;
  readonly max: number;
}

export const SYMPTOM_LAG: LagDistribution = { kind: 'lognormal', median: 60, sigma: 0.5, min: 15, max: 240 };
export const POD_LAG: LagDistribution = { kind: 'uniform', median: 2.5, sigma: 0, min: 0, max: 5 };

export function drawLag(rng: Prng, dist: LagDistribution): number {
  const v =
    dist.kind === 'uniform' ? rng.uniform(dist.min, dist.max) : rng.logNormal(dist.median, dist.sigma);
  return Math.min(dist.max, Math.max(dist.min, v));
}

export type FailureMode = 'panic' | 'watchdog' | 'pod';

export interface FailurePlan {
  readonly mode: FailureMode;
  /** Seconds from the true failure to the first crash record. */
  readonly recordDelaySeconds: number;
}

/** How the victim dies and how late its records are. A watchdog needs a timeout: delay ≥ 10 s. */
export function drawFailure(rng: Prng, params: ScenarioParams, pod: boolean): FailurePlan {
  if (pod) return { mode: 'pod', recordDelaySeconds: 0 };
  const d = params.recordDelaySeconds ?? rng.int(0, 60);
  const watchdogOk = d >= 10;
  const mode: FailureMode =
    params.failureMode === 'watchdog' && watchdogOk
      ? 'watchdog'
      : params.failureMode === 'mixed' && watchdogOk && rng.chance(0.4)
        ? 'watchdog'
        : 'panic';
  return { mode, recordDelaySeconds: d };
}

export interface FaultPlan {
  readonly episodes: readonly Episode[];
  readonly unprovoked: readonly UnprovokedCrash[];
  readonly gaps: readonly Gap[];
}

const MIN = 60_000;

/** Episode starts, one per equal slot of the run, leaving room for the episode and the restart. */
function slotStarts(rng: Prng, count: number, from: number, to: number, longest: number): number[] {
  const out: number[] = [];
  if (count <= 0 || to - from < longest) return out;
  const slot = (to - from) / count;
  for (let i = 0; i < count; i++) {
    const lo = from + i * slot;
    const room = Math.max(0, slot - longest);
    out.push(Math.round(lo + rng.uniform(0, room)));
  }
  return out;
}

function dataDiskOn(dom: DomainSpec, hostDisk: string): { vdev: string; hostDisk: string } {
  // Prefer the data disk (the last one) when several sit on that PV.
  const onPv = dom.disks.filter((x) => x.writes && x.hostDisk === hostDisk);
  const d = onPv[onPv.length - 1] ?? dom.disks.find((x) => x.writes)!;
  return { vdev: d.vdev, hostDisk: d.hostDisk };
}

/** A domain writing hard to one of its disks: the shared PV's queue fills. */
function diskWriteEpisode(
  kind: EpisodeKind,
  domain: string,
  disk: { vdev: string; hostDisk: string },
  start: number,
  end: number,
  size: number,
): Episode {
  return {
    kind,
    domain,
    resource: 'vbd',
    device: disk.vdev,
    metric: 'vbd_wr_sect_per_s',
    channel: 'wr',
    start,
    end,
    size,
    target: disk.hostDisk,
  };
}

/** A domain sending a flood through its first vif: the shared bridge fills. */
function netFloodEpisode(
  kind: EpisodeKind,
  dom: DomainSpec,
  start: number,
  end: number,
  size: number,
): Episode {
  return {
    kind,
    domain: dom.name,
    resource: 'vif',
    device: 'net0',
    metric: 'vif_rx_bytes_per_s',
    channel: 'rx',
    start,
    end,
    size,
    target: dom.vifs[0]!.bridge,
  };
}

export function planFaults(
  rng: Prng,
  scenario: Scenario,
  params: ScenarioParams,
  host: HostModel,
  cast: Cast,
  startMs: number,
  endMs: number,
): FaultPlan {
  const episodes: Episode[] = [];
  const unprovoked: UnprovokedCrash[] = [];
  const byName = new Map(host.domains.map((d) => [d.name, d]));
  const victim = cast.victim ? byName.get(cast.victim) : undefined;
  const victimDisk = victim?.disks[0]?.hostDisk ?? 'sdb';
  const warmup = Math.min(10 * MIN, (endMs - startMs) / 6);
  const from = startMs + warmup;
  const to = endMs - Math.min(5 * MIN, (endMs - startMs) / 12);
  const erng = rng.fork('episodes');
  // Each episode gets its own slot: long enough for the ramp, the symptom, the longest lag, the
  // record delay and the restart (≈ 7 min), and never overlapping the next one.
  const fit = Math.max(0, Math.floor((to - from) / (9 * MIN)));
  const count = Math.min(params.incidents, fit);
  const slot = count > 0 ? (to - from) / count : 0;
  const dur = () => Math.round(Math.min(erng.uniform(8, 16) * MIN, slot * 0.8));
  const starts = slotStarts(erng, count, from, to, Math.min(18 * MIN, slot * 0.85));

  for (const s of starts) {
    const d = dur();
    const end = Math.min(endMs, s + d);
    switch (scenario.cause) {
      case 'disk': {
        const ant = byName.get(cast.diskAntagonists[0]!)!;
        const disk = dataDiskOn(ant, victimDisk);
        episodes.push(diskWriteEpisode('antagonist', ant.name, disk, s, end, erng.uniform(1.7, 3)));
        break;
      }
      case 'net': {
        const ant = byName.get(cast.netAntagonists[0]!)!;
        episodes.push(netFloodEpisode('antagonist', ant, s, end, erng.uniform(1.7, 3)));
        break;
      }
      case 'cpu': {
        const ant = byName.get(cast.wideDomains[0]!)!;
        episodes.push({
          kind: 'antagonist',
          domain: ant.name,
          resource: 'cpu',
          device: '',
          metric: 'cpu_ratio',
          channel: 'cpu',
          start: s,
          end,
          size: erng.uniform(0.95, 1),
          target: '',
        });
        break;
      }
      case 'dom0':
        episodes.push({
          kind: 'dom0',
          domain: 'Domain-0',
          resource: 'cpu',
          device: '',
          metric: 'cpu_ratio',
          channel: 'cpu',
          start: s,
          end,
          size: erng.uniform(0.95, 1),
          target: '',
        });
        break;
      case 'mem':
        episodes.push({
          kind: 'self',
          domain: victim!.name,
          resource: 'mem',
          device: '',
          metric: 'mem_kib',
          channel: 'mem',
          start: s,
          end,
          size: erng.uniform(0.08, 0.15),
          target: '',
        });
        break;
      case 'fleet':
        episodes.push({
          kind: 'surge',
          domain: '',
          resource: 'vif',
          device: '',
          metric: 'vif_tx_bytes_per_s',
          channel: 'rx',
          start: s,
          end,
          size: erng.uniform(1.8, 2.6),
          target: '',
        });
        break;
      case 'disk+net': {
        const dAnt = byName.get(cast.diskAntagonists[0]!)!;
        const nAnt = byName.get(cast.netAntagonists[0]!)!;
        const disk = dataDiskOn(dAnt, victimDisk);
        episodes.push(diskWriteEpisode('antagonist', dAnt.name, disk, s, end, erng.uniform(1.3, 1.45)));
        const s2 = s + Math.round(erng.uniform(-20, 20) * 1000);
        episodes.push(
          netFloodEpisode('antagonist', nAnt, s2, Math.min(endMs, s2 + d), erng.uniform(1.3, 1.45)),
        );
        break;
      }
      case 'none':
        unprovoked.push({ domain: victim!.name, at: s + Math.round(erng.uniform(2, 8) * MIN) });
        break;
    }
  }

  // Innocent spiky neighbours: heavy, but on a PV and a bridge the victim does not touch.
  const irng = rng.fork('innocents');
  for (const name of cast.innocents) {
    const dom = byName.get(name)!;
    const n = Math.max(2, Math.round(params.incidents * 1.5));
    const spikes = slotStarts(irng, n, from, to, 20 * MIN);
    for (const s of spikes) {
      const useNet = irng.chance(0.4);
      const d = Math.round(irng.uniform(5, 15) * MIN);
      if (useNet) {
        episodes.push(netFloodEpisode('innocent', dom, s, Math.min(endMs, s + d), irng.uniform(1.3, 2.2)));
      } else {
        const disk = dom.disks.find((x) => x.writes)!;
        episodes.push(
          diskWriteEpisode('innocent', name, disk, s, Math.min(endMs, s + d), irng.uniform(1.3, 2.5)),
        );
      }
    }
  }

  // Fleet-wide surges that hurt nobody (the common-cause scenario plans its own, stronger ones).
  const srng = rng.fork('surges');
  const days = (endMs - startMs) / 86_400_000;
  const nSurges = Math.round(params.surgesPerDay * days + (srng.next() - 0.5) * 0.5);
  for (const s of slotStarts(srng, nSurges, from, to, 25 * MIN)) {
    episodes.push({
      kind: 'surge',
      domain: '',
      resource: 'vif',
      device: '',
      metric: 'vif_tx_bytes_per_s',
      channel: 'rx',
      start: s,
      end: Math.min(endMs, s + Math.round(srng.uniform(10, 20) * MIN)),
      size: srng.uniform(0.25, 0.45),
      target: '',
    });
  }

  // The nightly backup reads every domain's disks, one after another, between 01:00 and 04:00.
  if (params.backup) {
    const brng = rng.fork('backup');
    const firstDay = Math.floor(startMs / 86_400_000);
    const lastDay = Math.floor((endMs - 1) / 86_400_000);
    for (let day = firstDay; day <= lastDay; day++) {
      const windowStart = day * 86_400_000 + 60 * MIN;
      for (const dom of host.domains) {
        const disk = dom.disks[dom.disks.length > 1 && dom.disks[1]!.writes ? 1 : 0]!;
        const d = Math.round(brng.uniform(8, 20) * MIN);
        const s = windowStart + Math.round(brng.uniform(0, 180 * MIN - d));
        if (s + d <= startMs || s >= endMs) continue;
        episodes.push({
          kind: 'backup',
          domain: dom.name,
          resource: 'vbd',
          device: disk.vdev,
          metric: 'vbd_rd_sect_per_s',
          channel: 'rd',
          start: Math.max(s, startMs),
          end: Math.min(endMs, s + d),
          size: brng.uniform(50_000, 90_000),
          target: disk.hostDisk,
        });
      }
    }
  }

  const grng = rng.fork('gaps');
  const gaps: Gap[] = [];
  for (const s of slotStarts(grng, params.gaps, from, to, 12 * MIN)) {
    gaps.push({ start: s, end: s + Math.round(grng.uniform(2, 10) * MIN) });
  }

  episodes.sort((a, b) => a.start - b.start || a.domain.localeCompare(b.domain));
  return { episodes, unprovoked, gaps };
}
