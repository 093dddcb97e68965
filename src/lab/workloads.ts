/**
 * Benign workloads, per domain and demand channel: a role's base level, daily seasonality, AR(1)
 * noise on a log scale and heavy-tailed bursts. Demand is what the guest would do on an idle
 * host; the contention model decides what it actually gets.
 */
import type { DomainSpec, Role } from './host-model.js';
import type { Prng } from './prng.js';

/** One step's demand of a domain, all per second. */
export interface Demand {
  cpu: number; // pCPUs (1.0 = one busy)
  rd: number; // sectors read
  wr: number; // sectors written
  rx: number; // bytes the guest sends (dom0's vif rx)
  tx: number; // bytes sent to the guest (dom0's vif tx)
}

export interface RoleProfile {
  readonly cpuPerVcpu: number;
  readonly rd: number;
  readonly wr: number;
  readonly rx: number;
  readonly tx: number;
  /** Sectors per request, reads and writes. */
  readonly rdReq: number;
  readonly wrReq: number;
  /** Flushes per write request. */
  readonly flushRatio: number;
  /** Mean packet sizes, bytes, for what the guest sends and what it receives. */
  readonly rxPkt: number;
  readonly txPkt: number;
  /** Daily seasonality: relative amplitude and the UTC hour of the peak. */
  readonly amp: number;
  readonly peakHour: number;
  /** Benign bursts per hour. */
  readonly burstsPerHour: number;
}

export const ROLE_PROFILES: Record<Role, RoleProfile> = {
  web: {
    cpuPerVcpu: 0.12,
    rd: 200,
    wr: 500,
    rx: 1_500_000,
    tx: 300_000,
    rdReq: 16,
    wrReq: 16,
    flushRatio: 0.05,
    rxPkt: 1100,
    txPkt: 420,
    amp: 0.55,
    peakHour: 15,
    burstsPerHour: 1,
  },
  db: {
    cpuPerVcpu: 0.22,
    rd: 2500,
    wr: 2500,
    rx: 800_000,
    tx: 1_000_000,
    rdReq: 16,
    wrReq: 24,
    flushRatio: 0.2,
    rxPkt: 800,
    txPkt: 600,
    amp: 0.4,
    peakHour: 15,
    burstsPerHour: 0.6,
  },
  cache: {
    cpuPerVcpu: 0.1,
    rd: 100,
    wr: 200,
    rx: 2_000_000,
    tx: 1_500_000,
    rdReq: 8,
    wrReq: 8,
    flushRatio: 0.02,
    rxPkt: 900,
    txPkt: 300,
    amp: 0.5,
    peakHour: 15,
    burstsPerHour: 0.8,
  },
  app: {
    cpuPerVcpu: 0.18,
    rd: 1000,
    wr: 1500,
    rx: 600_000,
    tx: 500_000,
    rdReq: 16,
    wrReq: 16,
    flushRatio: 0.05,
    rxPkt: 700,
    txPkt: 500,
    amp: 0.45,
    peakHour: 14,
    burstsPerHour: 0.8,
  },
  batch: {
    cpuPerVcpu: 0.25,
    rd: 3000,
    wr: 6000,
    rx: 200_000,
    tx: 300_000,
    rdReq: 128,
    wrReq: 128,
    flushRatio: 0.01,
    rxPkt: 1200,
    txPkt: 1200,
    amp: 0.5,
    peakHour: 3,
    burstsPerHour: 1.2,
  },
  mail: {
    cpuPerVcpu: 0.05,
    rd: 400,
    wr: 800,
    rx: 100_000,
    tx: 200_000,
    rdReq: 16,
    wrReq: 8,
    flushRatio: 0.3,
    rxPkt: 800,
    txPkt: 900,
    amp: 0.3,
    peakHour: 10,
    burstsPerHour: 0.5,
  },
  build: {
    cpuPerVcpu: 0.3,
    rd: 2000,
    wr: 3000,
    rx: 100_000,
    tx: 500_000,
    rdReq: 32,
    wrReq: 64,
    flushRatio: 0.02,
    rxPkt: 600,
    txPkt: 1400,
    amp: 0.3,
    peakHour: 11,
    burstsPerHour: 1.5,
  },
  mon: {
    cpuPerVcpu: 0.05,
    rd: 50,
    wr: 300,
    rx: 50_000,
    tx: 100_000,
    rdReq: 8,
    wrReq: 8,
    flushRatio: 0.1,
    rxPkt: 300,
    txPkt: 500,
    amp: 0.1,
    peakHour: 12,
    burstsPerHour: 0.2,
  },
  analytics: {
    cpuPerVcpu: 0.25,
    rd: 8000,
    wr: 4000,
    rx: 300_000,
    tx: 2_000_000,
    rdReq: 64,
    wrReq: 64,
    flushRatio: 0.02,
    rxPkt: 900,
    txPkt: 1300,
    amp: 0.35,
    peakHour: 9,
    burstsPerHour: 0.7,
  },
};

const CHANNELS = 5; // cpu rd wr rx tx
const AR_TAU_SECONDS = 180;
const AR_SIGMA = 0.3;

/** One domain's benign demand generator; call `demand` once per step, in time order. */
export class Workload {
  readonly profile: RoleProfile;
  readonly #rng: Prng;
  readonly #phi: number;
  readonly #innov: number;
  readonly #ar = new Float64Array(CHANNELS);
  readonly #scratch = new Float64Array(CHANNELS);
  readonly #base: Float64Array;
  #burstEnd = 0;
  #burstChannel = 0;
  #burstMult = 1;
  #nextBurst: number;
  readonly #intervalMs: number;

  constructor(rng: Prng, spec: DomainSpec, intervalSeconds: number, startMs: number) {
    this.#rng = rng;
    this.profile = ROLE_PROFILES[spec.role];
    const p = this.profile;
    // Each domain of a role differs a little from its siblings.
    const scale = () => rng.logNormal(1, 0.25);
    this.#base = Float64Array.from([
      p.cpuPerVcpu * Math.min(spec.vcpus, 4) * scale(),
      p.rd * scale(),
      p.wr * scale(),
      p.rx * scale(),
      p.tx * scale(),
    ]);
    this.#phi = Math.exp(-intervalSeconds / AR_TAU_SECONDS);
    this.#innov = AR_SIGMA * Math.sqrt(1 - this.#phi * this.#phi);
    for (let c = 0; c < CHANNELS; c++) this.#ar[c] = AR_SIGMA * rng.normal();
    this.#intervalMs = intervalSeconds * 1000;
    this.#nextBurst = startMs + this.#gapToNextBurst();
  }

  #gapToNextBurst(): number {
    return Math.round(this.#rng.exponential(3_600_000 / Math.max(0.01, this.profile.burstsPerHour)));
  }

  /** Daily seasonality multiplier at UTC ms `t`. */
  season(t: number): number {
    const hours = (t / 3_600_000) % 24;
    return 1 + this.profile.amp * Math.cos((2 * Math.PI * (hours - this.profile.peakHour)) / 24);
  }

  demand(t: number, out: Demand): void {
    const rng = this.#rng;
    for (let c = 0; c < CHANNELS; c++) this.#ar[c] = this.#phi * this.#ar[c]! + this.#innov * rng.normal();
    if (t >= this.#nextBurst && t >= this.#burstEnd) {
      // A benign burst: heavy-tailed size, short, on one channel.
      this.#burstChannel = rng.int(0, CHANNELS - 1);
      // Disk bursts are capped lower: a benign burst never saturates a shared PV by itself.
      const cap = this.#burstChannel === 1 || this.#burstChannel === 2 ? 3 : 8;
      this.#burstMult = Math.min(cap, rng.pareto(1.5, 1.6));
      this.#burstEnd = t + Math.max(this.#intervalMs, Math.min(600_000, Math.round(rng.exponential(60_000))));
      this.#nextBurst = this.#burstEnd + this.#gapToNextBurst();
    }
    const s = this.season(t);
    const bias = (AR_SIGMA * AR_SIGMA) / 2;
    const burst = t < this.#burstEnd ? this.#burstChannel : -1;
    const x = this.#scratch;
    for (let c = 0; c < CHANNELS; c++) {
      let v = this.#base[c]! * s * Math.exp(this.#ar[c]! - bias);
      // A benign CPU burst keeps at most two more pCPUs busy, whatever the domain's width.
      if (c === burst) v = c === 0 ? Math.min(v * this.#burstMult, v + 2) : v * this.#burstMult;
      x[c] = v;
    }
    out.cpu = x[0]!;
    out.rd = x[1]!;
    out.wr = x[2]!;
    out.rx = x[3]!;
    out.tx = x[4]!;
  }
}
