/**
 * Test support for the log-line parsers (xl-log, xenstored-access, console, xl-dmesg, syslog,
 * dmesg, journal-json): the fast-check properties every one of them must hold, on top of the
 * golden and corpus helpers of `xen-tool-support.ts`.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { LineFormat, ParseContext } from '../../src/model/index.js';
import { runParser } from '../helpers/parse.js';
import { hostileLines, inserts, splice, withoutLines } from './xen-tool-support.js';

/** Is `small` (in order) a subsequence of `big`? Compared as JSON. */
function isSubsequence(small: readonly unknown[], big: readonly unknown[]): boolean {
  let j = 0;
  const want = small.map((x) => JSON.stringify(x));
  for (const b of big) if (j < want.length && JSON.stringify(b) === want[j]) j++;
  return j === want.length;
}

/** Junk lines spliced anywhere cost no good record (they may add records of their own). */
export async function checkJunkSurvival(
  format: LineFormat,
  lines: readonly string[],
  ctx: ParseContext,
): Promise<void> {
  const base = withoutLines((await runParser(format, lines, ctx)).records);
  expect(base.length).toBeGreaterThan(0);
  await fc.assert(
    fc.asyncProperty(inserts, async (at) => {
      const got = withoutLines((await runParser(format, splice(lines, at), ctx)).records);
      expect(isSubsequence(base, got)).toBe(true);
    }),
    { numRuns: 60 },
  );
}

/** Arbitrary input never makes the parser, its sniff or its matchLine throw. */
export async function checkNeverThrows(
  format: LineFormat,
  real: readonly string[],
  ctx: ParseContext,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostileLines(real), async (lines) => {
      const got = await runParser(format, lines, ctx);
      for (const r of got.records) if ('line' in r) expect(r.line).toBeGreaterThan(0);
      const s = format.sniff(lines);
      expect(s >= 0 && s <= 1).toBe(true);
      for (const l of lines) expect(typeof format.matchLine(l)).toBe('boolean');
    }),
    { numRuns: 150 },
  );
}
