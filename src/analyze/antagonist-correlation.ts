/**
 * Victim symptom × suspect usage (design.md, "How the explanation works" §4), after CPI2 (Zhang et
 * al., "CPI2: CPU performance isolation for shared compute clusters", EuroSys 2013, §4.2): over the
 * window, the suspect's usage is summed with sign +1 where the victim is abnormal and −1 where it
 * is not, normalised by the total usage; 1 means the suspect is busy only while the victim
 * suffers. CPI2 flags an antagonist at correlation ≥ 0.35.
 */

export const CPI2_CUTOFF = 0.35;
/** The victim counts as abnormal above this robust z (CPI2: mean + 2σ of its CPI). */
export const ABNORMAL_Z = 2;

/**
 * CPI2's correlation of `usage` (non-negative; negative values count as 0) with the victim being
 * abnormal (`symptom` > `threshold`), over bins where both are known; null when the suspect used
 * nothing or the victim was never abnormal.
 */
export function antagonistCorrelation(
  symptom: ArrayLike<number>,
  usage: ArrayLike<number>,
  threshold = ABNORMAL_Z,
  from = 0,
  to = symptom.length,
): number | null {
  let num = 0;
  let den = 0;
  let abnormal = false;
  for (let i = from; i < to; i++) {
    const s = symptom[i]!;
    const u = usage[i]!;
    if (Number.isNaN(s) || Number.isNaN(u)) continue;
    const w = Math.max(0, u);
    const up = s > threshold;
    abnormal ||= up;
    num += up ? w : -w;
    den += w;
  }
  if (!abnormal || den <= 0) return null;
  return num / den;
}
