/**
 * The random baseline: candidates in a seeded random order (what any method must beat).
 */
import type { Store } from '../../store/store.js';
import { Prng } from '../prng.js';
import type { InvestigateOptions, InvestigateResult } from '../types.js';
import { baselineCandidates, runPerIncident } from './baseline-input.js';

export async function investigateRandom(
  store: Store,
  options: InvestigateOptions = {},
): Promise<InvestigateResult> {
  const rng = new Prng(`random/${options.seed ?? 1}`);
  return runPerIncident(store, options, (data, victim) => {
    const c = baselineCandidates(data, victim);
    for (let i = c.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [c[i], c[j]] = [c[j]!, c[i]!];
    }
    return c.map((s, i) => ({ s: data.series[s]!, score: c.length - i }));
  });
}
