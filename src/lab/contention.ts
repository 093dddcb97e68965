/**
 * Shared resources as queues. Each host disk, bridge and the pCPU pool has a capacity; the
 * users' summed demand gives a utilisation, and the utilisation gives every user its symptom:
 * a served fraction (throughput collapse, CPU share flattening), blkback's out-of-requests
 * ratio, and the share of guest-bound packets dropped. Only symptoms real collectors see.
 */

/** What a user gets of its demand at utilisation `u`: all below capacity, a fair share above. */
export function servedFraction(u: number): number {
  return u <= 1 ? 1 : 1 / u;
}

/**
 * Share of block requests that find the ring full (`oo_req` per request). Rings start filling as
 * the device queue builds (from 60 % busy), and most requests wait once it is saturated.
 */
export function outOfRequestsRatio(u: number): number {
  if (u <= 0.6) return 0;
  if (u <= 1) {
    const x = (u - 0.6) / 0.4;
    return 0.03 * x * x;
  }
  return 0.03 + 0.6 * (1 - 1 / u);
}

/** Share of guest-bound packets netback drops on a congested bridge. */
export function dropRatio(u: number): number {
  if (u <= 0.85) return 0;
  if (u <= 1) return 0.01 * ((u - 0.85) / 0.15);
  return 0.01 + (1 - 1 / u);
}

/** Utilisation of a disk from sectors/s and requests/s: whichever limit binds first. */
export function diskUtilisation(sectPerS: number, reqPerS: number, capSect: number, capIops: number): number {
  return Math.max(sectPerS / capSect, reqPerS / capIops);
}

/** Average queue length (iostat `aqu-sz`) of an M/M/1-like device at utilisation `u`. */
export function queueLength(u: number): number {
  if (u < 0.95) return u / (1 - u);
  return 19 + 40 * (u - 0.95);
}

/** Unmet share of demand: the pressure a queue puts on each of its users. */
export function unmet(u: number): number {
  return 1 - servedFraction(u);
}

/**
 * dom0 runs blkback and netback: when its vCPUs are saturated, every guest's I/O completions
 * wait. Returns the extra pressure a guest feels from dom0's utilisation (0 below 30 % busy).
 */
export function dom0Pressure(dom0Util: number): number {
  return 0.45 * Math.min(1, Math.max(0, (dom0Util - 0.3) / 0.7));
}

/** Share of I/O dom0's backends still complete when dom0 is `dom0Util` busy. */
export function backendFactor(dom0Util: number): number {
  return 1 - 0.5 * Math.min(1, Math.max(0, (dom0Util - 0.6) / 0.4));
}
