/**
 * Picks a file's format from its content: every parser scores the head; the best score above 0.5
 * wins. When none does, lines are tried one by one against the line formats (pasted mails,
 * interleaved captures): enough matching lines make the file `mixed`.
 */
import type { LineFormat, Parser } from '../model/index.js';

export const SNIFF_THRESHOLD = 0.5;
const MIN_MIXED_LINES = 3;

export type Detection =
  | { readonly kind: 'format'; readonly parser: Parser; readonly score: number }
  | { readonly kind: 'mixed'; readonly matched: number; readonly formats: string[] }
  | { readonly kind: 'unrecognised'; readonly reason: string };

export function isLineFormat(p: Parser): p is LineFormat {
  return (
    typeof (p as Partial<LineFormat>).matchLine === 'function' &&
    typeof (p as Partial<LineFormat>).open === 'function'
  );
}

/** Mail quoting (`> `, `>> `) hides a line's real start. */
export function unquote(line: string): string {
  let i = 0;
  while (
    i < line.length &&
    (line.charCodeAt(i) === 62 /* > */ ||
      (i > 0 && line.charCodeAt(i) === 32 && line.charCodeAt(i - 1) === 62))
  )
    i++;
  return i > 0 ? line.slice(i) : line;
}

function safeSniff(p: Parser, head: readonly string[]): number {
  try {
    const s = p.sniff(head);
    return Number.isFinite(s) ? s : 0;
  } catch {
    return 0;
  }
}

export function detectFormat(head: readonly string[], parsers: readonly Parser[]): Detection {
  const nonEmpty = head.filter((l) => l.trim() !== '');
  if (nonEmpty.length === 0) return { kind: 'unrecognised', reason: 'empty file' };
  let best: Parser | undefined;
  let bestScore = 0;
  for (const p of parsers) {
    const s = safeSniff(p, head);
    if (s > bestScore) {
      best = p;
      bestScore = s;
    }
  }
  if (best && bestScore >= SNIFF_THRESHOLD) return { kind: 'format', parser: best, score: bestScore };

  const lineFormats = parsers.filter(isLineFormat);
  let matched = 0;
  const seen = new Set<string>();
  for (const raw of nonEmpty) {
    const line = unquote(raw);
    for (const f of lineFormats) {
      let ok = false;
      try {
        ok = f.matchLine(line);
      } catch {
        ok = false;
      }
      if (ok) {
        matched++;
        seen.add(f.id);
        break;
      }
    }
  }
  if (matched >= MIN_MIXED_LINES) return { kind: 'mixed', matched, formats: [...seen].sort() };
  const first = nonEmpty[0]!.slice(0, 80);
  return {
    kind: 'unrecognised',
    reason: `no known format (best guess ${best?.id ?? 'none'} scored ${bestScore.toFixed(2)}; ${matched} of ${nonEmpty.length} head lines look like log lines); first line: ${JSON.stringify(first)}`,
  };
}
