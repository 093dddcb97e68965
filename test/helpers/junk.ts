/**
 * Hostile and junk input for the fast-check properties every parser holds: it never throws on
 * arbitrary input, and junk lines spliced between real ones cost no good record.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Diagnostic, LineFormat, ParseContext, ParsedRecord, Parser } from '../../src/model/index.js';
import { runParser } from './parse.js';

const JUNK = '~junk ';

/**
 * Lines no supported format contains: they start with `~junk `, so they are no data row, header,
 * comment, path or stamp of any format, and are never blank.
 */
export const junkLine: fc.Arbitrary<string> = fc
  .string({ maxLength: 60 })
  .map((s) => `${JUNK}${s.replace(/[\r\n]/g, ' ')}`);

/** Junk lines with where to put them (taken modulo the length by `splice`). */
export const inserts: fc.Arbitrary<[number, string][]> = fc.array(fc.tuple(fc.nat(), junkLine), {
  maxLength: 8,
});

/** `lines` with junk inserted at the given positions (modulo the length). */
export function splice(lines: readonly string[], at: readonly [number, string][]): string[] {
  const out = [...lines];
  const sorted = [...at]
    .map(([i, text]) => [i % (lines.length + 1), text] as const)
    .sort((a, b) => b[0] - a[0]);
  for (const [i, text] of sorted) out.splice(i, 0, text);
  return out;
}

/** The 1-based line numbers of the junk lines in `lines`. */
export function junkLineNumbers(lines: readonly string[]): Set<number> {
  const at = new Set<number>();
  lines.forEach((l, i) => {
    if (l.startsWith(JUNK)) at.add(i + 1);
  });
  return at;
}

/** Arbitrary input: random strings mixed with real lines and fragments of them. */
export function hostileLines(real: readonly string[]): fc.Arbitrary<string[]> {
  const fragment = fc
    .tuple(fc.constantFrom(...real), fc.nat(), fc.nat())
    .map(([l, a, b]) => l.slice(Math.min(a, b) % (l.length + 1), Math.max(a, b) % (l.length + 1)));
  return fc.array(fc.oneof(fc.string(), fc.constantFrom(...real), fragment), { maxLength: 40 });
}

/** Records without line numbers: what must survive junk spliced between lines. */
export function withoutLines<R extends ParsedRecord>(records: readonly R[]): unknown[] {
  return records.map((r) => {
    const { line: _line, ...rest } = r as R & { line?: number };
    return rest;
  });
}

type Parsed<R> = { records: R[]; diags: Diagnostic[] };

/**
 * Arbitrary input (`hostileLines(real)`) never makes the parser throw; `also` runs more of the
 * format's entry points on the same input, or checks what came out.
 */
export async function checkNeverThrows<R extends ParsedRecord>(
  parser: Parser<R>,
  real: readonly string[],
  ctx: ParseContext,
  options: { numRuns?: number; also?: (lines: string[], got: Parsed<R>) => void } = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostileLines(real), async (lines) => {
      const got = await runParser(parser, lines, ctx);
      options.also?.(lines, got);
    }),
    { numRuns: options.numRuns ?? 200 },
  );
}

/**
 * Parses `real`, then `real` with junk spliced in, and hands both to `check`. `place` puts the
 * junk somewhere other than anywhere (a table body, a folder block); `junkAt` holds the line
 * numbers the junk ended up on.
 */
export async function checkSplicedJunk<R extends ParsedRecord>(
  parser: Parser<R>,
  real: readonly string[],
  ctx: ParseContext,
  check: (got: Parsed<R>, clean: Parsed<R>, junkAt: Set<number>) => void,
  options: { numRuns?: number; place?: (real: readonly string[], at: [number, string][]) => string[] } = {},
): Promise<void> {
  const clean = await runParser(parser, real, ctx);
  const place = options.place ?? splice;
  await fc.assert(
    fc.asyncProperty(inserts, async (at) => {
      const lines = place(real, at);
      check(await runParser(parser, lines, ctx), clean, junkLineNumbers(lines));
    }),
    { numRuns: options.numRuns ?? 100 },
  );
}

/** For `checkSplicedJunk`: the same records as without the junk, line numbers aside. */
export function sameRecordsBesideLines<R extends ParsedRecord>(got: Parsed<R>, clean: Parsed<R>): void {
  expect(withoutLines(got.records)).toEqual(withoutLines(clean.records));
}

/** Is `small` (in order) a subsequence of `big`? Compared as JSON. */
function isSubsequence(small: readonly unknown[], big: readonly unknown[]): boolean {
  let j = 0;
  const want = small.map((x) => JSON.stringify(x));
  for (const b of big) if (j < want.length && JSON.stringify(b) === want[j]) j++;
  return j === want.length;
}

/**
 * Log formats: junk lines spliced anywhere cost no good record (they may add records of their
 * own, since a log line may continue the previous one).
 */
export async function checkLogJunkSurvival(
  format: LineFormat,
  lines: readonly string[],
  ctx: ParseContext,
): Promise<void> {
  const base = withoutLines((await runParser(format, lines, ctx)).records);
  expect(base.length).toBeGreaterThan(0);
  await checkSplicedJunk(
    format,
    lines,
    ctx,
    (got) => expect(isSubsequence(base, withoutLines(got.records))).toBe(true),
    { numRuns: 60 },
  );
}

/** Log formats: arbitrary input never makes the parser, its sniff or its matchLine throw. */
export async function checkLogNeverThrows(
  format: LineFormat,
  real: readonly string[],
  ctx: ParseContext,
): Promise<void> {
  await checkNeverThrows(format, real, ctx, {
    numRuns: 150,
    also: (lines, got) => {
      for (const r of got.records) if ('line' in r) expect(r.line).toBeGreaterThan(0);
      const s = format.sniff(lines);
      expect(s >= 0 && s <= 1).toBe(true);
      for (const l of lines) expect(typeof format.matchLine(l)).toBe('boolean');
    },
  });
}

/**
 * For `checkSplicedJunk` on formats that report every line they cannot read: the same records as
 * without the junk (line numbers included: these formats number nothing by line), and exactly
 * one diagnostic per junk line, on that line.
 */
export function sameRecordsOnlyJunkReported<R extends ParsedRecord>(
  got: Parsed<R>,
  clean: Parsed<R>,
  junkAt: Set<number>,
): void {
  expect(got.records).toEqual(clean.records);
  expect(got.diags.map((d) => d.line).sort((a, b) => a - b)).toEqual([...junkAt].sort((a, b) => a - b));
}
