/**
 * Inline suppression, as hadolint's pragma (`src/Hadolint/Pragma.hs`):
 * `# xenscope: ignore=XA101[,XA102] reason="why"` on the line before the finding's location.
 * Several pragma lines in a row all apply to the next line that is not a pragma. A reason is
 * required: a pragma without one suppresses nothing and is itself reported (XA905).
 */

export interface Pragma {
  readonly line: number;
  readonly column: number;
  /** Rule ids or slugs, as written. */
  readonly ids: readonly string[];
  readonly reason: string | null;
  /** The line the pragma applies to. */
  readonly target: number;
  /** Why it cannot be used (no reason, nothing after `ignore=`), null when it is well-formed. */
  readonly problem: string | null;
}

const MARK_RE = /#\s*xenscope\s*:/;
const PRAGMA_RE =
  /#\s*xenscope\s*:\s*ignore\s*=\s*([A-Za-z0-9_,\s-]*?)(?:\s+reason\s*=\s*(?:"([^"]*)"|'([^']*)'))?\s*$/;

/** Every pragma of a file's text. */
export function readPragmas(text: string): Pragma[] {
  if (!text.includes('xenscope')) return [];
  const lines = text.split('\n');
  const found: Omit<Pragma, 'target'>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const mark = MARK_RE.exec(raw);
    if (!mark) continue;
    const m = PRAGMA_RE.exec(raw.slice(mark.index));
    const column = mark.index + 1;
    if (!m) {
      found.push({
        line: i + 1,
        column,
        ids: [],
        reason: null,
        problem: 'is not of the form `ignore=ID[,ID] reason="…"`',
      });
      continue;
    }
    const ids = m[1]!
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const reason = (m[2] ?? m[3] ?? '').trim();
    const problem =
      ids.length === 0
        ? 'names no rule after `ignore=`'
        : reason === ''
          ? 'has no `reason="…"`: a suppression must say why'
          : null;
    found.push({ line: i + 1, column, ids, reason: reason === '' ? null : reason, problem });
  }
  const pragmaLines = new Set(found.filter((p) => /^\s*#/.test(lines[p.line - 1]!)).map((p) => p.line));
  return found.map((p) => {
    let target = p.line + 1;
    // A pragma on a line of its own applies past the pragmas that follow it.
    if (pragmaLines.has(p.line)) while (pragmaLines.has(target)) target++;
    return { ...p, target };
  });
}

/** `line → rule id or slug → reason` for the well-formed pragmas of a file. */
export function suppressionIndex(pragmas: readonly Pragma[]): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>();
  for (const p of pragmas) {
    if (p.problem !== null || p.reason === null) continue;
    let m = out.get(p.target);
    if (!m) out.set(p.target, (m = new Map()));
    for (const id of p.ids) m.set(id.toUpperCase().startsWith('XA') ? id.toUpperCase() : id, p.reason);
  }
  return out;
}
