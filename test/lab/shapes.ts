/**
 * Token shapes of log and capture lines: what stays when numbers, hex, UUIDs, domain and host
 * names and interface names are replaced by classes. The lab's output must only have shapes the
 * real Xen 4.17 capture has (or, for messages the capture never saw, one of the documented
 * formats listed next to the test).
 */

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const HEX = /\b(?:0x[0-9a-f]+|[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*|[0-9a-f]*[a-f][0-9a-f]*\d[0-9a-f]*)\b/gi;
const IFACE = /\b(?:vif\d+\.\d+(?:-emu)?|eth\d+)\b/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const DATE_WORDS = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g;
/** Messages whose tail is free text (kernel or Xen command lines). */
const FREE_TEXT = /^((?:Kernel c|C)ommand line:) .*$/;

/**
 * Replaces names (longest first), UUIDs, interface names, weekday and month names, hex and
 * numbers by class tokens; a command line's arguments become `ARGS`.
 */
export function normalise(text: string, names: readonly string[]): string {
  let s = text.replace(FREE_TEXT, '$1 ARGS').replace(UUID, 'UUID').replace(DATE_WORDS, 'DATEWORD');
  const sorted = [...names].sort((a, b) => b.length - a.length);
  if (sorted.length > 0)
    s = s.replace(new RegExp(`(?<![\\w-])(?:${sorted.map(escapeRe).join('|')})(?![\\w])`, 'g'), 'NAME');
  s = s.replace(IFACE, 'IF');
  s = s.replace(HEX, (m) => (/^\d+$/.test(m) ? m : 'HEX'));
  s = s.replace(/\d+/g, 'N');
  return s;
}

/** Whitespace-separated token shape (column padding does not matter). */
export function tokenShape(text: string, names: readonly string[]): string {
  return normalise(text, names).trim().split(/\s+/).join(' ');
}

/** xentop: `[ca: 0]` and `[ca:10]` are the same `[%2x:%2x]` field. */
export function xentopShape(line: string, names: readonly string[]): string {
  const s = line.replace(/\[[ 0-9a-f]{2}:[ 0-9a-f]{2}\]/g, '[MAJ:MIN]');
  const toks = s.trim().split(/\s+/);
  if (/^[d-][s-][b-][c-][p-][r-]$/.test(toks[1] ?? '')) {
    // A domain row: NAME STATE then numbers (MAXMEM may be `no limit n/a`).
    return [
      'NAME',
      'STATE',
      ...toks.slice(2).map((t) => (/^\d+$/.test(t) ? 'N' : /^\d+\.\d$/.test(t) ? 'F' : t)),
    ].join(' ');
  }
  return tokenShape(s, names);
}

export type LineKind = string;

/** Lines of a file grouped by kind, each kind a set of shapes. */
export function shapesByKind(
  lines: readonly string[],
  kindOf: (line: string) => LineKind | null,
  shapeOf: (line: string) => string,
): Map<LineKind, Set<string>> {
  const out = new Map<LineKind, Set<string>>();
  for (const l of lines) {
    const k = kindOf(l);
    if (k === null) continue;
    let set = out.get(k);
    if (!set) {
      set = new Set();
      out.set(k, set);
    }
    set.add(shapeOf(l));
  }
  return out;
}

/** Shapes in `lab` that `real` never has, as `kind: shape` strings (empty when all are real). */
export function unseen(lab: Map<LineKind, Set<string>>, real: Map<LineKind, Set<string>>): string[] {
  const out: string[] = [];
  for (const [k, shapes] of lab) {
    const r = real.get(k);
    for (const s of shapes) if (!r?.has(s)) out.push(`${k}: ${s}`);
  }
  return out;
}
