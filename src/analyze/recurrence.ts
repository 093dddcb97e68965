/**
 * Across recurring incidents (design.md, "How the explanation works" §5): support (hits of n), lift
 * (how much more often the change precedes this victim's crashes than it occurs at random), and
 * the lead time's median with a bootstrap interval.
 */
import type { Prng } from './prng.js';
import { bootstrapMedian } from './stats.js';
import type { LeadSeconds } from './types.js';

export function lift(hits: number, n: number, backgroundRate: number): number {
  return n === 0 ? 0 : hits / n / backgroundRate;
}

/** Median lead (seconds) with a 95 % bootstrap interval; null without any lead. */
export function leadInterval(leadsSeconds: readonly number[], rng: Prng): LeadSeconds | null {
  if (leadsSeconds.length === 0) return null;
  const b = bootstrapMedian(leadsSeconds, rng);
  const r = (x: number) => Math.round(x);
  return { median: r(b.median), lo: r(b.lo), hi: r(b.hi) };
}
