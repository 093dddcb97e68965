/**
 * BARO's root-cause ranking and NSigma, as RCAEval implements them (Pham et al., "BARO: Robust
 * Root Cause Analysis for Microservices via Multivariate Bayesian Online Change Point Detection",
 * FSE 2024; RCAEval `RCAEval/e2e/baro.py`, `nsigma.py`): split each metric at the anomaly time,
 * fit a scaler on the normal part (BARO: RobustScaler, (x − median)/IQR; NSigma: StandardScaler,
 * (x − mean)/σ), score each metric by the largest scaled value of the anomalous part, rank.
 * The anomaly time given is the start of the same 10-minute lag range xenscope searches
 * (crash time − 10 min); the normal part is the hour before it.
 */
import type { Store } from '../../store/store.js';
import { LAG_MAX_MS } from '../robust-score.js';
import { quantileSorted } from '../stats.js';
import type { InvestigateOptions, InvestigateResult } from '../types.js';
import { BASELINE_LOOKBACK_MS, baselineCandidates, binsOf, runPerIncident } from './baseline-input.js';

type Scaler = (normal: number[]) => { centre: number; scale: number };

/** sklearn's RobustScaler: median and the 25–75 % IQR; a zero scale is replaced by 1 as sklearn does. */
const robust: Scaler = (normal) => {
  const s = Float64Array.from(normal).sort();
  const iqr = quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
  return { centre: quantileSorted(s, 0.5), scale: iqr === 0 ? 1 : iqr };
};

/** sklearn's StandardScaler: mean and population σ; a zero σ is replaced by 1. */
const standard: Scaler = (normal) => {
  const m = normal.reduce((a, b) => a + b, 0) / normal.length;
  const v = normal.reduce((a, b) => a + (b - m) ** 2, 0) / normal.length;
  return { centre: m, scale: v === 0 ? 1 : Math.sqrt(v) };
};

function rankBy(scaler: Scaler) {
  return (store: Store, options: InvestigateOptions = {}): Promise<InvestigateResult> =>
    runPerIncident(store, options, (data, victim, inc) => {
      const split = inc.ts - LAG_MAX_MS;
      return baselineCandidates(data, victim)
        .map((s) => {
          const normal = binsOf(data, s, inc.ts - BASELINE_LOOKBACK_MS, split).filter(Number.isFinite);
          const anomal = binsOf(data, s, split, inc.ts + data.step).filter(Number.isFinite);
          if (normal.length < 2 || anomal.length === 0)
            return { s: data.series[s]!, score: Number.NEGATIVE_INFINITY };
          const { centre, scale } = scaler(normal);
          return { s: data.series[s]!, score: Math.max(...anomal.map((x) => (x - centre) / scale)) };
        })
        .sort((a, b) => b.score - a.score);
    });
}

export const investigateBaro = rankBy(robust);
export const investigateNSigma = rankBy(standard);
