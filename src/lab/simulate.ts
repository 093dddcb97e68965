/**
 * The time-stepped simulation. Each step: lifecycle transitions (failures, crash records,
 * teardown, restart), benign demand plus episodes, the shared queues, the counters every
 * collector reads, and the victims' pressure, which starts a failure after a lag drawn from the
 * stated distribution. It produces per-step snapshots (for xentop, iostat and the live tree) and
 * a list of lifecycle and kernel events (for the log writers). Generation and live mode both
 * drive this one step function.
 */
import type { Metric, Resource } from '../model/index.js';
import {
  backendFactor,
  diskUtilisation,
  dom0Pressure,
  dropRatio,
  outOfRequestsRatio,
  queueLength,
  servedFraction,
  unmet,
} from './contention.js';
import type { Episode, FailureMode, FaultPlan, Gap, LagDistribution } from './faults.js';
import { drawFailure, drawLag, POD_LAG, planFaults, SYMPTOM_LAG } from './faults.js';
import type { Cast, DiskSpec, DomainSpec, HostModel, VifSpec } from './host-model.js';
import { buildHost } from './host-model.js';
import { Prng } from './prng.js';
import type { CauseKind, Scenario, ScenarioParams } from './scenarios.js';
import { castScenario } from './scenarios.js';
import type { Demand } from './workloads.js';
import { Workload } from './workloads.js';

/** Pressure (summed unmet shares) at which a fragile victim's symptom counts as started. */
export const PRESSURE_THRESHOLD = 0.35;
/** How long the pressure must last before it counts, seconds. */
const HOLD_SECONDS = 15;
/** Kernel `hung_task_timeout_secs` and soft-lockup threshold in the guests. */
const HUNG_TASK_SECONDS = 120;
const SOFT_LOCKUP_SECONDS = 22;
/** netback `rx_stall_timeout_msecs`. */
const RX_STALL_SECONDS = 60;

export type PanicFlavour = 'ext4' | 'oops' | 'hung' | 'lockup' | 'random';

export type SimEvent =
  | { readonly type: 'host-boot'; readonly t: number }
  | {
      readonly type: 'domain-create';
      readonly t: number;
      readonly domain: string;
      readonly domid: number;
      /** When the domain became visible (introduced) and its kernel started. */
      readonly introducedAt: number;
      readonly kernelBootAt: number;
      readonly restart: boolean;
    }
  | {
      readonly type: 'hung-task';
      readonly t: number;
      readonly domain: string;
      readonly uptime: number;
      readonly timeoutSeconds: number;
    }
  | {
      readonly type: 'soft-lockup';
      readonly t: number;
      readonly domain: string;
      readonly uptime: number;
      readonly cpu: number;
      readonly seconds: number;
    }
  | {
      readonly type: 'rx-stall' | 'rx-ready';
      readonly t: number;
      readonly domain: string;
      readonly domid: number;
    }
  | {
      readonly type: 'panic';
      readonly t: number;
      readonly domain: string;
      readonly uptime: number;
      readonly flavour: PanicFlavour;
      readonly hungSeconds: number;
    }
  | {
      readonly type: 'pod-crash';
      readonly t: number;
      readonly domain: string;
      readonly domid: number;
      readonly totPages: number;
      readonly entries: number;
    }
  | { readonly type: 'watchdog-fire'; readonly t: number; readonly domain: string; readonly domid: number }
  | {
      readonly type: 'shutdown';
      readonly t: number;
      readonly domain: string;
      readonly domid: number;
      readonly reason: 3 | 4;
      readonly destroyAt: number;
    };

export interface TruthCause {
  readonly domain: string;
  readonly resource: Resource;
  readonly device: string;
  readonly metric: Metric;
}

export interface Incident {
  readonly victim: string;
  /** When the records show the crash (UTC ms). */
  readonly ts: number;
  readonly kind: 'crash' | 'watchdog';
  readonly causes: readonly TruthCause[];
  /** ts − the causing episode's start, seconds; null when nothing preceded it. */
  readonly lagSeconds: number | null;
  readonly recordDelaySeconds: number;
  /** Internal timings, for tests and the summary. */
  readonly onset: number | null;
  readonly failAt: number;
  readonly mode: FailureMode;
}

export interface VbdRuntime {
  readonly spec: DiskSpec;
  readonly diskIdx: number;
  oo: number;
  rd: number;
  wr: number;
  rsect: number;
  wsect: number;
  flush: number;
  /** Demand scratch: sectors/s and requests/s, read and write. */
  dRd: number;
  dWr: number;
  dRdReq: number;
  dWrReq: number;
}

export interface VifRuntime {
  readonly spec: VifSpec;
  readonly bridgeIdx: number;
  rxBytes: number;
  rxPkts: number;
  rxDrop: number;
  txBytes: number;
  txPkts: number;
  txDrop: number;
  dRx: number;
  dTx: number;
}

interface Pending {
  onset: number | null;
  failAt: number;
  recordAt: number;
  mode: FailureMode;
  flavour: PanicFlavour;
  causes: Episode[];
  anchor: Episode | null;
  stage: 'waiting' | 'hung' | 'crashed' | 'down';
  reason: 3 | 4;
  destroyAt: number;
  createAt: number;
  introduceAt: number;
  /** Goes into `incidents` when the crash records are written (not if the run ends first). */
  incident?: Incident;
}

export type Phase = 'up' | 'hung' | 'crashed' | 'down';

/** One guest (or dom0) as collectors see it: the fields a writer reads. */
export interface DomainRuntime {
  readonly spec: DomainSpec | null; // null for Domain-0
  readonly name: string;
  readonly vcpus: number;
  domid: number;
  phase: Phase;
  /** Set when the domain was last created/introduced, and when its kernel started (for uptimes). */
  createdAt: number;
  introducedAt: number;
  kernelBootAt: number;
  /** Cumulative CPU seconds of this instance. */
  cpuSeconds: number;
  memKiB: number;
  maxmemKiB: number;
  /** xentop's STATE flags at the last step. */
  flags: string;
  vbds: VbdRuntime[];
  vifs: VifRuntime[];
  /** The last step's per-second rates (CPU, for `xl list` and live sysfs). */
  cpuRatio: number;
  shutdownReason: 3 | 4 | null;
}

interface GuestState {
  rt: DomainRuntime;
  workload: Workload;
  rng: Prng;
  fragile: boolean;
  verboseLockups: boolean;
  demand: Demand;
  cpuDemand: number;
  above: number;
  onsetAt: number | null;
  pending: Pending | null;
  refractoryUntil: number;
  stallSince: number | null;
  lastHung: number;
  starveSince: number | null;
  lastLockup: number;
  dropSince: number | null;
  rxStalled: boolean;
  podFrac: number;
  /** Share of its PoD pool the guest has touched (HVM guests only). */
  podLevel: number;
  stall: number;
  dropFrac: number;
}

export interface HostDiskRates {
  readonly name: string;
  readsPerS: number;
  writesPerS: number;
  readSectPerS: number;
  writeSectPerS: number;
  flushPerS: number;
  util: number;
  queue: number;
  readAwaitMs: number;
  writeAwaitMs: number;
  /** Cumulative, for /proc/diskstats. */
  reads: number;
  writes: number;
  readSect: number;
  writeSect: number;
  flushes: number;
  ioMs: number;
  weightedMs: number;
}

export interface HostNicRates {
  readonly name: string;
  readonly bridge: string;
  rxBytes: number;
  txBytes: number;
  rxPkts: number;
  txPkts: number;
  util: number;
}

export interface StepSnapshot {
  readonly t: number;
  /** True when the collectors were not running at this step (a gap in the captures). */
  readonly inGap: boolean;
  /** True on the first step after a gap: xentop and iostat were restarted. */
  readonly collectorRestarted: boolean;
  /** Domains present (not destroyed), in xentop order (case-insensitive by name). */
  readonly domains: readonly DomainRuntime[];
  readonly disks: readonly HostDiskRates[];
  readonly nics: readonly HostNicRates[];
  readonly dom0Util: number;
  readonly cpuUtil: number;
}

export interface SimulationOptions {
  readonly scenario: Scenario;
  readonly params: ScenarioParams;
  readonly seed: number;
  readonly hostName: string;
  /** Override the planned start (live mode starts now). */
  readonly startMs?: number;
  /** Override the end (live mode runs open-ended). */
  readonly endMs?: number;
  /** Live mode: move the first antagonist episode to this many seconds after the start. */
  readonly firstEpisodeAfterSeconds?: number;
  /**
   * Live demos and tests: antagonists ramp up in 10 s, the symptom counts after 2 samples and the
   * failure follows within 3–8 s, so a fault shows up within a minute.
   */
  readonly fast?: boolean;
}

const FAST_LAG: LagDistribution = { kind: 'uniform', median: 5, sigma: 0, min: 3, max: 8 };

const MS = 1000;
const BULK_REQ_SECTORS = 128;
const BACKUP_REQ_SECTORS = 256;

export class Simulation {
  readonly host: HostModel;
  readonly cast: Cast;
  readonly plan: FaultPlan;
  readonly scenario: Scenario;
  readonly params: ScenarioParams;
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly intervalMs: number;
  readonly hostBootMs: number;
  readonly events: SimEvent[] = [];
  readonly incidents: Incident[] = [];
  /** Episodes that led to an incident (not innocent). */
  readonly causalEpisodes = new Set<Episode>();
  readonly dom0: DomainRuntime;
  t: number;
  readonly #guests: GuestState[];
  readonly #byName = new Map<string, GuestState>();
  readonly #order: DomainRuntime[];
  readonly #rng: Prng;
  readonly #frng: Prng;
  readonly #flagRng: Prng;
  #nextDomid = 1;
  #active: Episode[] = [];
  #episodeIdx = 0;
  #unprovokedIdx = 0;
  readonly #episodes: Episode[];
  readonly #usedEpisodes = new Set<Episode>();
  readonly #disks: HostDiskRates[];
  readonly #nics: HostNicRates[];
  readonly #diskIndex = new Map<string, number>();
  readonly #bridgeIndex = new Map<string, number>();
  #wasInGap = false;
  #dom0Util = 0;
  #cpuUtil = 0;
  readonly #holdSteps: number;
  readonly #rampMs: number;
  readonly #lag: LagDistribution;
  readonly #diskSect: Float64Array;
  readonly #diskReq: Float64Array;
  readonly #bridgeLoad: Float64Array;
  readonly #bridgeMembers: number[];

  constructor(opts: SimulationOptions) {
    this.scenario = opts.scenario;
    this.params = opts.params;
    this.seed = opts.seed;
    this.#rng = new Prng(`lab/${opts.seed}/${opts.scenario.name}`);
    this.intervalMs = opts.params.intervalSeconds * MS;
    this.startMs = opts.startMs ?? Date.parse(opts.params.start);
    this.endMs = opts.endMs ?? this.startMs + Math.round(opts.params.days * 86_400_000);
    this.hostBootMs = this.startMs - 15 * 60 * MS;
    this.t = this.startMs;
    this.#holdSteps = opts.fast ? 2 : Math.max(2, Math.ceil((HOLD_SECONDS * MS) / this.intervalMs));
    this.#rampMs = opts.fast ? 10_000 : 60_000;
    this.#lag = opts.fast ? FAST_LAG : SYMPTOM_LAG;

    this.cast = castScenario(
      this.#rng.fork('cast'),
      opts.scenario,
      opts.params.domains,
      opts.params.innocents,
    );
    this.host = buildHost(this.#rng.fork('host'), {
      hostName: opts.hostName,
      guests: opts.params.domains,
      cast: this.cast,
    });
    const planEnd = opts.endMs ?? this.endMs;
    let plan = planFaults(
      this.#rng.fork('faults'),
      opts.scenario,
      opts.params,
      this.host,
      this.cast,
      this.startMs,
      planEnd,
    );
    if (opts.firstEpisodeAfterSeconds !== undefined)
      plan = pullFirstEpisode(plan, this.startMs, opts.firstEpisodeAfterSeconds);
    this.plan = plan;
    this.#episodes = plan.episodes.slice().sort((a, b) => a.start - b.start);
    this.#frng = this.#rng.fork('failures');
    this.#flagRng = this.#rng.fork('flags');

    for (const [i, d] of this.host.disks.entries()) this.#diskIndex.set(d.name, i);
    for (const [i, b] of this.host.bridges.entries()) this.#bridgeIndex.set(b.name, i);
    this.#disks = this.host.disks.map((d) => ({
      name: d.name,
      readsPerS: 0,
      writesPerS: 0,
      readSectPerS: 0,
      writeSectPerS: 0,
      flushPerS: 0,
      util: 0,
      queue: 0,
      readAwaitMs: 0,
      writeAwaitMs: 0,
      reads: 0,
      writes: 0,
      readSect: 0,
      writeSect: 0,
      flushes: 0,
      ioMs: 0,
      weightedMs: 0,
    }));
    this.#nics = this.host.bridges.map((b) => ({
      name: b.nic,
      bridge: b.name,
      rxBytes: 0,
      txBytes: 0,
      rxPkts: 0,
      txPkts: 0,
      util: 0,
    }));
    this.#diskSect = new Float64Array(this.host.disks.length);
    this.#diskReq = new Float64Array(this.host.disks.length);
    this.#bridgeLoad = new Float64Array(this.host.bridges.length);
    this.#bridgeMembers = this.host.bridges.map(() => 0);

    this.dom0 = {
      spec: null,
      name: 'Domain-0',
      vcpus: this.host.dom0.vcpus,
      domid: 0,
      phase: 'up',
      createdAt: this.hostBootMs,
      introducedAt: this.hostBootMs,
      kernelBootAt: this.hostBootMs,
      cpuSeconds: 40 + this.#rng.uniform(0, 20),
      memKiB: this.host.dom0.memoryMiB * 1024,
      maxmemKiB: this.host.dom0.memoryMiB * 1024,
      flags: '-----r',
      vbds: [],
      vifs: [],
      cpuRatio: 0,
      shutdownReason: null,
    };

    this.#guests = this.host.domains.map((spec, i) => {
      const grng = this.#rng.fork(`guest:${spec.name}`);
      const createdAt = this.hostBootMs + 90 * MS + i * 7 * MS;
      const rt: DomainRuntime = {
        spec,
        name: spec.name,
        vcpus: spec.vcpus,
        domid: this.#nextDomid++,
        phase: 'up',
        createdAt,
        introducedAt: createdAt + 10 * MS,
        kernelBootAt: createdAt + 11 * MS,
        cpuSeconds: 0,
        memKiB: spec.memoryMiB * 1024,
        maxmemKiB: spec.maxmemMiB * 1024 + 1024,
        flags: '--b---',
        vbds: this.#makeVbds(spec),
        vifs: this.#makeVifs(spec),
        cpuRatio: 0,
        shutdownReason: null,
      };
      for (const v of rt.vifs) this.#bridgeMembers[v.bridgeIdx]!++;
      // The guests ran for a while before the captures start.
      rt.cpuSeconds = ((this.startMs - rt.introducedAt) / MS) * 0.15 * spec.vcpus;
      const g: GuestState = {
        rt,
        workload: new Workload(grng.fork('workload'), spec, opts.params.intervalSeconds, this.startMs),
        rng: grng,
        fragile: spec.name === this.cast.victim,
        verboseLockups: grng.chance(0.3),
        demand: { cpu: 0, rd: 0, wr: 0, rx: 0, tx: 0 },
        cpuDemand: 0,
        above: 0,
        onsetAt: null,
        pending: null,
        refractoryUntil: 0,
        stallSince: null,
        lastHung: 0,
        starveSince: null,
        lastLockup: 0,
        dropSince: null,
        rxStalled: false,
        podFrac: spec.type === 'hvm' && spec.memoryMiB < spec.maxmemMiB ? grng.uniform(0.86, 0.92) : 1,
        podLevel: 0,
        stall: 0,
        dropFrac: 0,
      };
      this.#byName.set(spec.name, g);
      return g;
    });
    this.#order = [this.dom0, ...this.#guests.map((g) => g.rt)].sort((a, b) =>
      a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
    );

    this.events.push({ type: 'host-boot', t: this.hostBootMs });
    for (const g of this.#guests) {
      this.events.push({
        type: 'domain-create',
        t: g.rt.createdAt,
        domain: g.rt.name,
        domid: g.rt.domid,
        introducedAt: g.rt.introducedAt,
        kernelBootAt: g.rt.kernelBootAt,
        restart: false,
      });
    }
  }

  #makeVbds(spec: DomainSpec): VbdRuntime[] {
    return spec.disks.map((d) => ({
      spec: d,
      diskIdx: this.#diskIndex.get(d.hostDisk)!,
      oo: 0,
      rd: 0,
      wr: 0,
      rsect: 0,
      wsect: 0,
      flush: 0,
      dRd: 0,
      dWr: 0,
      dRdReq: 0,
      dWrReq: 0,
    }));
  }

  #makeVifs(spec: DomainSpec): VifRuntime[] {
    return spec.vifs.map((v) => ({
      spec: v,
      bridgeIdx: this.#bridgeIndex.get(v.bridge)!,
      rxBytes: 0,
      rxPkts: 0,
      rxDrop: 0,
      txBytes: 0,
      txPkts: 0,
      txDrop: 0,
      dRx: 0,
      dTx: 0,
    }));
  }

  /** Whether the captures have a gap at `t`. */
  inGap(t: number): boolean {
    return this.plan.gaps.some((g: Gap) => t >= g.start && t < g.end);
  }

  get done(): boolean {
    return this.t >= this.endMs;
  }

  /** Advances one interval and returns what the collectors see at its end. */
  step(): StepSnapshot {
    const t = this.t + this.intervalMs;
    const prev = this.t;
    this.t = t;
    const dt = this.intervalMs / MS;

    this.#updateActive(t);
    for (const g of this.#guests) this.#transitions(g, prev, t);
    this.#unprovoked(t);

    // Demand.
    let cpuDemand = 0;
    this.#diskSect.fill(0);
    this.#diskReq.fill(0);
    this.#bridgeLoad.fill(0);
    let ioReqs = 0;
    let pkts = 0;
    for (const g of this.#guests) {
      this.#demand(g, t);
      cpuDemand += g.cpuDemand;
      for (const v of g.rt.vbds) {
        this.#diskSect[v.diskIdx]! += v.dRd + v.dWr;
        const r = v.dRdReq + v.dWrReq;
        this.#diskReq[v.diskIdx]! += r;
        ioReqs += r;
      }
      for (const v of g.rt.vifs) {
        const rx = v.spec.rateBytesPerS !== null ? Math.min(v.dRx, v.spec.rateBytesPerS) : v.dRx;
        this.#bridgeLoad[v.bridgeIdx]! += rx + v.dTx;
        pkts += rx / g.workload.profile.rxPkt + v.dTx / g.workload.profile.txPkt;
      }
    }
    // dom0: its own work plus blkback/netback per request and packet.
    let dom0Demand = 0.12 + ioReqs * 15e-6 + pkts * 4e-6;
    for (const e of this.#active)
      if (e.kind === 'dom0') dom0Demand += e.size * this.dom0.vcpus * this.#ramp(e, t);
    dom0Demand = Math.min(dom0Demand, this.dom0.vcpus);
    // Root disk: dom0's own logging.
    const sda = this.#diskIndex.get('sda')!;
    this.#diskSect[sda]! += 80;
    this.#diskReq[sda]! += 6;
    cpuDemand += dom0Demand;

    // Queues.
    const uCpu = cpuDemand / this.host.nrCpus;
    const cpuServed = servedFraction(uCpu);
    const dom0Served = dom0Demand * cpuServed;
    this.#dom0Util = dom0Served / this.dom0.vcpus;
    this.#cpuUtil = Math.min(1, uCpu);
    this.dom0.cpuSeconds += dom0Served * dt;
    this.dom0.cpuRatio = dom0Served;
    const backend = backendFactor(this.#dom0Util);
    const uDisk = this.host.disks.map((d, i) =>
      diskUtilisation(this.#diskSect[i]!, this.#diskReq[i]!, d.capacitySectPerS, d.capacityIops),
    );
    const uBridge = this.host.bridges.map((b, i) => this.#bridgeLoad[i]! / b.capacityBytesPerS);
    for (const d of this.#disks) {
      d.readsPerS = 0;
      d.writesPerS = 0;
      d.readSectPerS = 0;
      d.writeSectPerS = 0;
      d.flushPerS = 0;
    }
    for (const n of this.#nics) {
      n.rxBytes = 0;
      n.txBytes = 0;
      n.rxPkts = 0;
      n.txPkts = 0;
    }

    // Serve each guest and advance its counters.
    for (const g of this.#guests) this.#serve(g, dt, cpuServed, uDisk, uBridge, backend);
    const sdaRates = this.#disks[sda]!;
    sdaRates.writeSectPerS += 80;
    sdaRates.writesPerS += 6;
    for (let i = 0; i < this.#disks.length; i++) {
      const d = this.#disks[i]!;
      const u = uDisk[i]!;
      d.util = Math.min(1, u);
      d.queue = queueLength(Math.min(u, 1.5));
      const svc = 1000 / this.host.disks[i]!.capacityIops;
      d.readAwaitMs = d.readsPerS > 0 ? svc * (1 + d.queue) : 0;
      d.writeAwaitMs = d.writesPerS > 0 ? svc * (1.4 + d.queue) : 0;
      d.reads += d.readsPerS * dt;
      d.writes += d.writesPerS * dt;
      d.readSect += d.readSectPerS * dt;
      d.writeSect += d.writeSectPerS * dt;
      d.flushes += d.flushPerS * dt;
      d.ioMs += d.util * dt * 1000;
      d.weightedMs += d.queue * dt * 1000;
    }
    for (let i = 0; i < this.#nics.length; i++) this.#nics[i]!.util = uBridge[i]!;

    // Pressure, precursors and triggers.
    for (const g of this.#guests) this.#pressure(g, t, uDisk, uBridge, uCpu);
    for (const g of this.#guests) this.#flags(g);

    const inGap = this.inGap(t);
    const restarted = !inGap && this.#wasInGap;
    this.#wasInGap = inGap;
    return {
      t,
      inGap,
      collectorRestarted: restarted,
      domains: this.#order.filter((d) => d.phase !== 'down'),
      disks: this.#disks,
      nics: this.#nics,
      dom0Util: this.#dom0Util,
      cpuUtil: this.#cpuUtil,
    };
  }

  #updateActive(t: number): void {
    while (this.#episodeIdx < this.#episodes.length && this.#episodes[this.#episodeIdx]!.start <= t) {
      this.#active.push(this.#episodes[this.#episodeIdx]!);
      this.#episodeIdx++;
    }
    let expired = false;
    for (let i = 0; i < this.#active.length; i++) if (this.#active[i]!.end < t) expired = true;
    if (expired) this.#active = this.#active.filter((e) => e.end >= t);
  }

  /** Antagonists build up over a minute rather than jumping. */
  #ramp(e: Episode, t: number): number {
    return Math.min(1, Math.max(0, (t - e.start) / this.#rampMs));
  }

  #demand(g: GuestState, t: number): void {
    const rt = g.rt;
    for (let i = 0; i < rt.vbds.length; i++) {
      const v = rt.vbds[i]!;
      v.dRd = 0;
      v.dWr = 0;
      v.dRdReq = 0;
      v.dWrReq = 0;
    }
    for (let i = 0; i < rt.vifs.length; i++) {
      rt.vifs[i]!.dRx = 0;
      rt.vifs[i]!.dTx = 0;
    }
    g.cpuDemand = 0;
    if (rt.phase === 'down' || rt.phase === 'crashed') return;
    const d = g.demand;
    g.workload.demand(t, d);
    if (rt.phase === 'hung') {
      // A hung guest does no I/O and sends nothing; traffic still arrives for it.
      const spinning = g.pending?.flavour === 'lockup';
      g.cpuDemand = spinning ? Math.min(rt.vcpus, 1) : 0.01;
      for (const v of rt.vifs) v.dTx = d.tx * v.spec.weight;
      return;
    }
    const booting = t - rt.introducedAt < 60_000 ? 0.4 : 1;
    let cpu = d.cpu * booting;
    let extraRx = 0;
    const active = this.#active;
    for (let k = 0; k < active.length; k++) {
      const e = active[k]!;
      if (e.kind === 'surge') {
        // Fleet-wide: every vif gets its share of the surge, to and from the guest.
        const r = this.#ramp(e, t);
        for (let i = 0; i < rt.vifs.length; i++) {
          const v = rt.vifs[i]!;
          const b = this.host.bridges[v.bridgeIdx]!;
          const share = (e.size * b.capacityBytesPerS) / Math.max(1, this.#bridgeMembers[v.bridgeIdx]!);
          v.dRx += share * 0.45 * r;
          v.dTx += share * 0.55 * r;
        }
        cpu *= 1 + 0.5 * e.size;
        continue;
      }
      if (e.domain !== rt.name) continue;
      const r = this.#ramp(e, t);
      if (e.channel === 'wr' || e.channel === 'rd') {
        let v: VbdRuntime | undefined;
        for (let i = 0; i < rt.vbds.length; i++) if (rt.vbds[i]!.spec.vdev === e.device) v = rt.vbds[i];
        if (!v) continue;
        // A bulk writer issues 64 KiB requests, the backup reads 128 KiB ones; `size` is the
        // utilisation the episode alone would put on the device.
        const reqSize = e.kind === 'backup' ? BACKUP_REQ_SECTORS : BULK_REQ_SECTORS;
        const hd = this.host.disks[v.diskIdx]!;
        const amount =
          e.kind === 'backup' ? e.size : e.size * Math.min(hd.capacitySectPerS, hd.capacityIops * reqSize);
        if (e.channel === 'wr') {
          v.dWr += amount * r;
          v.dWrReq += (amount * r) / reqSize;
        } else {
          v.dRd += amount * r;
          v.dRdReq += (amount * r) / reqSize;
        }
        cpu += 0.2 * r;
      } else if (e.channel === 'rx') {
        extraRx += e.size * this.host.bridges[rt.vifs[0]!.bridgeIdx]!.capacityBytesPerS * r;
        cpu += 0.3 * r;
      } else if (e.channel === 'cpu') {
        cpu = Math.max(cpu, e.size * rt.vcpus * r);
      }
    }
    g.cpuDemand = Math.min(rt.vcpus, cpu);
    const p = g.workload.profile;
    for (let i = 0; i < rt.vbds.length; i++) {
      const v = rt.vbds[i]!;
      const rd = d.rd * booting * v.spec.weight;
      v.dRd += rd;
      v.dRdReq += rd / p.rdReq;
      if (v.spec.writes) {
        const wr = d.wr * booting * v.spec.weight;
        v.dWr += wr;
        v.dWrReq += wr / p.wrReq;
      }
    }
    for (const v of rt.vifs) {
      v.dRx += d.rx * booting * v.spec.weight;
      v.dTx += d.tx * booting * v.spec.weight;
    }
    if (extraRx > 0) rt.vifs[0]!.dRx += extraRx;
  }

  #serve(
    g: GuestState,
    dt: number,
    cpuServed: number,
    uDisk: readonly number[],
    uBridge: readonly number[],
    backend: number,
  ): void {
    const rt = g.rt;
    if (rt.phase === 'down' || rt.phase === 'crashed') {
      rt.cpuRatio = 0;
      return;
    }
    const p = g.workload.profile;
    const served = g.cpuDemand * cpuServed;
    rt.cpuRatio = served;
    rt.cpuSeconds += served * dt;
    let stall = 0;
    for (const v of rt.vbds) {
      const u = uDisk[v.diskIdx]!;
      const s = servedFraction(u) * backend;
      if (v.spec.writes || v.dRd > 0) stall = Math.max(stall, 1 - s);
      const rdSect = v.dRd * s;
      const wrSect = v.dWr * s;
      const rdReq = v.dRdReq * s;
      const wrReq = v.dWrReq * s;
      const fl = wrReq * p.flushRatio;
      v.rd += rdReq * dt;
      v.wr += wrReq * dt;
      v.rsect += rdSect * dt;
      v.wsect += wrSect * dt;
      v.flush += fl * dt;
      v.oo += (rdReq + wrReq) * outOfRequestsRatio(u) * dt;
      const hd = this.#disks[v.diskIdx]!;
      hd.readsPerS += rdReq;
      hd.writesPerS += wrReq;
      hd.readSectPerS += rdSect;
      hd.writeSectPerS += wrSect;
      hd.flushPerS += fl;
    }
    g.stall = stall;
    // A guest stalled on its disk or starved of CPU does not drain its receive ring.
    const starve = 1 - cpuServed;
    let worstDrop = 0;
    for (const v of rt.vifs) {
      const u = uBridge[v.bridgeIdx]!;
      const rx = v.spec.rateBytesPerS !== null ? Math.min(v.dRx, v.spec.rateBytesPerS) : v.dRx;
      const rxSent = rx * servedFraction(u);
      const drop =
        rt.phase === 'hung'
          ? 1
          : Math.min(0.98, dropRatio(u) + 0.5 * stall + 0.4 * Math.max(0, starve - 0.2));
      worstDrop = Math.max(worstDrop, drop);
      const txPktsDemand = v.dTx / p.txPkt;
      v.rxBytes += rxSent * dt;
      v.rxPkts += (rxSent / p.rxPkt) * dt;
      v.txBytes += v.dTx * (1 - drop) * dt;
      v.txPkts += txPktsDemand * (1 - drop) * dt;
      v.txDrop += txPktsDemand * drop * dt;
      const nic = this.#nics[v.bridgeIdx]!;
      nic.txBytes += rxSent;
      nic.rxBytes += v.dTx;
      nic.txPkts += rxSent / p.rxPkt;
      nic.rxPkts += txPktsDemand;
    }
    g.dropFrac = worstDrop;
    // PoD guests: tot_pages follows what the guest has touched, up to its pool.
    if (rt.spec!.type === 'hvm') {
      const mem = this.#activeFor(rt.name, 'mem');
      let frac = g.podFrac + 0.004 * g.rng.normal();
      if (mem) {
        const x = (this.t - mem.start) / Math.max(1, mem.end - mem.start);
        frac = g.podFrac + (1 + mem.size - g.podFrac) * Math.min(1, Math.max(0, x * 1.6));
      }
      g.podLevel = frac;
      rt.memKiB = Math.round(Math.min(1, frac) * rt.spec!.memoryMiB * 256) * 4;
    }
  }

  #activeFor(domain: string, channel: Episode['channel']): Episode | undefined {
    return this.#active.find((e) => e.domain === domain && e.channel === channel);
  }

  /** Whether an active episode presses on this victim through something it shares. */
  #related(g: GuestState, e: Episode): boolean {
    const rt = g.rt;
    switch (e.kind) {
      case 'antagonist':
        if (e.channel === 'cpu') return true;
        if (e.channel === 'wr' || e.channel === 'rd')
          return rt.vbds.some((v) => v.spec.hostDisk === e.target);
        if (e.channel === 'rx') return rt.vifs.some((v) => v.spec.bridge === e.target);
        return false;
      case 'dom0':
        return true;
      case 'self':
        return e.domain === rt.name;
      case 'surge':
        return true;
      default:
        return false;
    }
  }

  #pressure(
    g: GuestState,
    t: number,
    uDisk: readonly number[],
    uBridge: readonly number[],
    uCpu: number,
  ): void {
    const rt = g.rt;
    if (rt.phase !== 'up') return;
    const uptime = (t - rt.kernelBootAt) / MS;

    // Precursors every guest shows: hung tasks on a stalled disk, soft lockups, netback stalls.
    if (g.stall >= 0.3) {
      g.stallSince ??= t;
      if (t - g.stallSince >= HUNG_TASK_SECONDS * MS && t - g.lastHung >= HUNG_TASK_SECONDS * MS) {
        g.lastHung = t;
        this.events.push({
          type: 'hung-task',
          t,
          domain: rt.name,
          uptime,
          timeoutSeconds: HUNG_TASK_SECONDS,
        });
      }
    } else g.stallSince = null;
    const starve = unmet(uCpu);
    if (starve >= 0.3 && (g.fragile || g.verboseLockups)) {
      g.starveSince ??= t;
      const stuck = (t - g.starveSince) / MS;
      if (stuck >= SOFT_LOCKUP_SECONDS && t - g.lastLockup >= 28 * MS) {
        g.lastLockup = t;
        this.events.push({
          type: 'soft-lockup',
          t,
          domain: rt.name,
          uptime,
          cpu: g.rng.int(0, rt.vcpus - 1),
          seconds: Math.min(Math.round(stuck), 22 + g.rng.int(0, 4)),
        });
      }
    } else g.starveSince = null;
    if (g.dropFrac >= 0.5) {
      g.dropSince ??= t;
      if (!g.rxStalled && t - g.dropSince >= RX_STALL_SECONDS * MS) {
        g.rxStalled = true;
        this.events.push({ type: 'rx-stall', t, domain: rt.name, domid: rt.domid });
      }
    } else {
      g.dropSince = null;
      if (g.rxStalled && g.dropFrac < 0.1) {
        g.rxStalled = false;
        this.events.push({ type: 'rx-ready', t, domain: rt.name, domid: rt.domid });
      }
    }

    if (!g.fragile || g.pending || t - rt.introducedAt < 120_000) return;
    let pDisk = 0;
    for (const v of rt.vbds) pDisk = Math.max(pDisk, unmet(uDisk[v.diskIdx]!));
    let pNet = 0;
    for (const v of rt.vifs) pNet = Math.max(pNet, unmet(uBridge[v.bridgeIdx]!));
    const pressure = pDisk + pNet + unmet(uCpu) + dom0Pressure(this.#dom0Util);
    const podOut = rt.spec!.type === 'hvm' && g.podLevel >= 1;
    if (pressure >= PRESSURE_THRESHOLD || podOut) {
      if (g.above === 0) g.onsetAt = t;
      g.above++;
    } else {
      g.above = 0;
      g.onsetAt = null;
    }
    if (!(podOut || g.above >= this.#holdSteps)) return;
    const onset = podOut ? t : g.onsetAt!;
    const related = this.#active.filter((e) => this.#related(g, e));
    // One crash per episode: a surge that happens to overlap an episode that already cost a
    // crash does not make it count again.
    const primary = related.filter((e) => e.kind !== 'surge');
    const deciding = primary.length > 0 ? primary : related;
    if (deciding.length > 0 && deciding.every((e) => this.#usedEpisodes.has(e))) return;
    if (related.length === 0 && t < g.refractoryUntil) return;
    for (const e of related) this.#usedEpisodes.add(e);
    g.refractoryUntil = t + 30 * 60 * MS;
    const causes: Episode[] = [];
    for (const e of related) {
      if (e.kind === 'surge') continue;
      // One entry per culprit and device, however many of its episodes overlap.
      if (!causes.some((c) => c.domain === e.domain && c.device === e.device && c.metric === e.metric))
        causes.push(e);
    }
    const anchor = related.length > 0 ? related.reduce((a, b) => (a.start <= b.start ? a : b)) : null;
    const flavour = flavourFor(this.scenario.cause, pDisk, pNet, unmet(uCpu) + dom0Pressure(this.#dom0Util));
    const lag = drawLag(this.#frng, podOut ? POD_LAG : this.#lag);
    const failAt = onset + Math.round(lag * MS);
    this.#schedule(g, onset, Math.max(failAt, t), podOut, flavour, causes, anchor);
  }

  #schedule(
    g: GuestState,
    onset: number | null,
    failAt: number,
    pod: boolean,
    flavour: PanicFlavour,
    causes: Episode[],
    anchor: Episode | null,
  ): void {
    const plan = drawFailure(this.#frng, this.params, pod);
    const recordAt = failAt + Math.round(plan.recordDelaySeconds * MS);
    g.pending = {
      onset,
      failAt,
      recordAt,
      mode: plan.mode,
      flavour: plan.mode === 'pod' ? 'random' : flavour,
      causes,
      anchor,
      stage: 'waiting',
      reason: plan.mode === 'watchdog' ? 4 : 3,
      destroyAt: 0,
      createAt: 0,
      introduceAt: 0,
    };
    g.pending.incident = {
      victim: g.rt.name,
      ts: recordAt,
      kind: plan.mode === 'watchdog' ? 'watchdog' : 'crash',
      causes: causes.map((e) => ({
        domain: e.domain,
        resource: e.resource,
        device: e.device,
        metric: e.metric,
      })),
      lagSeconds: anchor ? Math.round((recordAt - anchor.start) / 100) / 10 : null,
      recordDelaySeconds: plan.recordDelaySeconds,
      onset,
      failAt,
      mode: plan.mode,
    };
  }

  #unprovoked(t: number): void {
    const list = this.plan.unprovoked;
    while (this.#unprovokedIdx < list.length && list[this.#unprovokedIdx]!.at <= t) {
      const u = list[this.#unprovokedIdx++]!;
      const g = this.#byName.get(u.domain);
      if (!g || g.pending || g.rt.phase !== 'up') continue;
      g.refractoryUntil = u.at + 30 * 60 * MS;
      this.#schedule(g, null, Math.max(u.at, t - this.intervalMs + 1), false, 'random', [], null);
    }
  }

  /** Applies every lifecycle step of a pending failure that falls in (prev, t]. */
  #transitions(g: GuestState, _prev: number, t: number): void {
    const p = g.pending;
    if (!p) return;
    const rt = g.rt;
    for (;;) {
      if (p.stage === 'waiting' && t >= p.failAt) {
        if (p.recordAt > p.failAt) rt.phase = 'hung';
        p.stage = 'hung';
        continue;
      }
      if (p.stage === 'hung' && t >= p.recordAt) {
        this.#crashRecords(g, p);
        p.stage = 'crashed';
        rt.phase = 'crashed';
        rt.shutdownReason = p.reason;
        continue;
      }
      if (p.stage === 'crashed' && t >= p.destroyAt) {
        p.stage = 'down';
        rt.phase = 'down';
        for (const v of rt.vifs) this.#bridgeMembers[v.bridgeIdx]!--;
        continue;
      }
      if (p.stage === 'down' && t >= p.introduceAt) {
        rt.domid = this.#nextDomid++;
        rt.createdAt = p.createAt;
        rt.introducedAt = p.introduceAt;
        rt.kernelBootAt = p.introduceAt + MS;
        rt.cpuSeconds = 0;
        rt.vbds = this.#makeVbds(rt.spec!);
        rt.vifs = this.#makeVifs(rt.spec!);
        for (const v of rt.vifs) this.#bridgeMembers[v.bridgeIdx]!++;
        rt.phase = 'up';
        rt.shutdownReason = null;
        g.pending = null;
        g.above = 0;
        g.onsetAt = null;
        g.stallSince = null;
        g.starveSince = null;
        g.dropSince = null;
        g.rxStalled = false;
        if (rt.spec!.type === 'hvm') g.podFrac = g.rng.uniform(0.86, 0.92);
        this.events.push({
          type: 'domain-create',
          t: p.createAt,
          domain: rt.name,
          domid: rt.domid,
          introducedAt: rt.introducedAt,
          kernelBootAt: rt.kernelBootAt,
          restart: true,
        });
        return;
      }
      return;
    }
  }

  #crashRecords(g: GuestState, p: Pending): void {
    const rt = g.rt;
    const at = p.recordAt;
    const uptime = (at - rt.kernelBootAt) / MS;
    if (p.incident) this.incidents.push(p.incident);
    for (const e of p.causes) this.causalEpisodes.add(e);
    if (p.anchor) this.causalEpisodes.add(p.anchor);
    if (p.mode === 'pod') {
      const pages = rt.spec!.memoryMiB * 256;
      this.events.push({
        type: 'pod-crash',
        t: at,
        domain: rt.name,
        domid: rt.domid,
        totPages: pages + g.rng.int(10, 400),
        entries: Math.round((rt.spec!.maxmemMiB - rt.spec!.memoryMiB) * 256 * g.rng.uniform(0.5, 0.9)),
      });
    } else if (p.mode === 'watchdog') {
      this.events.push({ type: 'watchdog-fire', t: at, domain: rt.name, domid: rt.domid });
    } else {
      this.events.push({
        type: 'panic',
        t: at,
        domain: rt.name,
        uptime,
        flavour: p.recordAt > p.failAt && p.flavour === 'oops' ? 'hung' : p.flavour,
        hungSeconds: Math.round((p.recordAt - p.failAt) / MS),
      });
    }
    // xl notices within a few ms, destroys, waits 2 s, re-creates; the build takes ~10 s.
    p.destroyAt = at + Math.round(g.rng.uniform(2.6, 3.4) * MS);
    p.createAt = p.destroyAt + 2 * MS;
    p.introduceAt = p.createAt + Math.round(g.rng.uniform(8, 11) * MS);
    this.events.push({
      type: 'shutdown',
      t: at + Math.round(g.rng.uniform(80, 200)),
      domain: rt.name,
      domid: rt.domid,
      reason: p.reason,
      destroyAt: p.destroyAt,
    });
  }

  #flags(g: GuestState): void {
    const rt = g.rt;
    const r = this.#flagRng.next();
    if (rt.phase === 'crashed') rt.flags = rt.shutdownReason === 4 ? '-s----' : '---c--';
    else if (rt.phase === 'hung') rt.flags = g.pending?.flavour === 'lockup' ? '-----r' : '--b---';
    else {
      const util = rt.cpuRatio / rt.vcpus;
      rt.flags = r < Math.min(0.85, util * 1.2) ? '-----r' : r < 0.9 ? '--b---' : '------';
    }
  }

  /** Every guest (present or not), for writers that need the whole roster. */
  get guests(): readonly DomainRuntime[] {
    return this.#guests.map((g) => g.rt);
  }

  /** Episodes with their final innocence: an episode is innocent unless an incident followed it. */
  episodeTruth(): { episode: Episode; innocent: boolean }[] {
    return this.plan.episodes.map((e) => ({ episode: e, innocent: !this.causalEpisodes.has(e) }));
  }
}

function flavourFor(cause: CauseKind, pDisk: number, pNet: number, pCpu: number): PanicFlavour {
  if (cause === 'cpu' || cause === 'dom0') return 'lockup';
  if (cause === 'disk' || cause === 'disk+net') return 'ext4';
  if (cause === 'net' || cause === 'fleet') return 'oops';
  const worst = Math.max(pDisk, pNet, pCpu);
  if (worst === pCpu) return 'lockup';
  if (worst === pDisk) return 'ext4';
  return 'oops';
}

/** Live mode wants a fault soon: moves the first antagonist-like episode to `after` seconds. */
function pullFirstEpisode(plan: FaultPlan, startMs: number, after: number): FaultPlan {
  const movable = (e: Episode) => e.kind === 'antagonist' || e.kind === 'dom0' || e.kind === 'self';
  const first = plan.episodes.find((e) => movable(e) || (e.kind === 'surge' && e.size > 1));
  if (!first) {
    const u = plan.unprovoked[0];
    if (!u) return plan;
    return { ...plan, unprovoked: [{ ...u, at: startMs + after * MS }, ...plan.unprovoked.slice(1)] };
  }
  const shift = startMs + after * MS - first.start;
  const episodes = plan.episodes.map((e) =>
    e === first || (movable(e) && Math.abs(e.start - first.start) < 60_000)
      ? { ...e, start: e.start + shift, end: e.end + shift }
      : e,
  );
  return { ...plan, episodes };
}
