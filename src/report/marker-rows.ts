/**
 * Which row each marker label of a chart goes on, so that labels of markers close in time (a
 * victim's first symptom seconds before its crash) do not print over each other. Labels are
 * placed left to right, each on the first row whose last label ends left of it.
 *
 * It runs in the HTML report's page (embedded by its source text, see html.ts), so it is plain
 * JavaScript once compiled: no imports, no closures over module state.
 */
export function markerRows(xs: readonly number[], widths: readonly number[], gap: number): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const ends: number[] = [];
  const rows = new Array<number>(xs.length).fill(0);
  for (const i of order) {
    let r = 0;
    while (r < ends.length && ends[r]! > xs[i]!) r++;
    ends[r] = xs[i]! + widths[i]! + gap;
    rows[i] = r;
  }
  return rows;
}
