/**
 * Test support for the counter-dump parsers (diskstats, net-dev, iostat, iostat-json, sysfs-dump).
 * Golden fixtures: `test/fixtures/formats/<format>/<case>.txt` is parsed and compared with
 * `<case>.expected.json` (records and diagnostics); `UPDATE_GOLDEN=1` rewrites the expected files
 * instead, and a missing expected file fails. Also: the corpus for sniff tests, and junk splicing
 * for the fast-check properties.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ParseContext, ParsedRecord, Parser } from '../../src/model/index.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { labPath, linesOf, listFilesRecursive, REPO_ROOT, sharedPath } from '../helpers/shared.js';

export function fixtureDir(format: string): string {
  return join(REPO_ROOT, 'test', 'fixtures', 'formats', format);
}

/** Case names (file names without `.txt`) of a format's fixture folder. */
export function goldenCases(format: string): string[] {
  return readdirSync(fixtureDir(format))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -'.txt'.length))
    .sort();
}

export function fixtureLines(format: string, name: string): string[] {
  return linesOf(readFileSync(join(fixtureDir(format), `${name}.txt`), 'utf8'));
}

export async function checkGolden<R extends ParsedRecord>(
  parser: Parser<R>,
  format: string,
  name: string,
  extra: Partial<ParseContext> = {},
): Promise<{ records: R[]; diags: unknown[] }> {
  const ctx = ctxFor(`${name}.txt`, extra);
  const got = await runParser(parser, fixtureLines(format, name), ctx);
  // JSON round trip: what the file holds is what a reader of `import --json` would see.
  const actual = JSON.parse(JSON.stringify({ records: got.records, diagnostics: got.diags }));
  const expectedPath = join(fixtureDir(format), `${name}.expected.json`);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(expectedPath, render(actual));
  } else {
    if (!existsSync(expectedPath))
      throw new Error(`missing golden file ${expectedPath} (run with UPDATE_GOLDEN=1)`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  }
  return { records: got.records, diags: got.diags };
}

/** One record or diagnostic per line: reviewable diffs without thousands of lines. */
function render(doc: { records: unknown[]; diagnostics: unknown[] }): string {
  const list = (items: unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => `  ${JSON.stringify(i)}`).join(',\n')}\n ]`;
  return `{\n "records": ${list(doc.records)},\n "diagnostics": ${list(doc.diagnostics)}\n}\n`;
}

/** Every file of the lab corpus and the real-world pastes, with its head as detection sees it. */
export function corpusHeads(headLines = 50): { path: string; head: string[] }[] {
  const files = [
    ...listFilesRecursive(labPath()),
    ...listFilesRecursive(sharedPath('corpus', 'xen-outputs')),
  ];
  return files.map((path) => ({ path, head: linesOf(readFileSync(path, 'utf8')).slice(0, headLines) }));
}

/**
 * Lines no counter dump contains: they start with `~junk `, so they are no data row, header,
 * comment, path or stamp of any of these formats, and are never blank.
 */
export const junkLine: fc.Arbitrary<string> = fc
  .string({ maxLength: 60 })
  .map((s) => `~junk ${s.replace(/[\r\n]/g, ' ')}`);

/** `lines` with junk inserted; `junkAt` holds the 1-based line numbers of the junk. */
export function splice(
  lines: readonly string[],
  inserts: readonly [number, string][],
): { lines: string[]; junkAt: Set<number> } {
  const out = [...lines];
  const sorted = [...inserts]
    .map(([at, text]) => [at % (lines.length + 1), text] as const)
    .sort((a, b) => b[0] - a[0]);
  for (const [at, text] of sorted) out.splice(at, 0, text);
  const junkAt = new Set<number>();
  out.forEach((l, i) => {
    if (l.startsWith('~junk ')) junkAt.add(i + 1);
  });
  return { lines: out, junkAt };
}

export const inserts: fc.Arbitrary<[number, string][]> = fc.array(fc.tuple(fc.nat(), junkLine), {
  maxLength: 8,
});

/** Arbitrary input: random lines mixed with fragments of real ones. */
export function hostileLines(real: readonly string[]): fc.Arbitrary<string[]> {
  const fragment = fc
    .tuple(fc.constantFrom(...real), fc.nat(), fc.nat())
    .map(([l, a, b]) => l.slice(Math.min(a, b) % (l.length + 1), Math.max(a, b) % (l.length + 1)));
  return fc.array(fc.oneof(fc.string(), fc.constantFrom(...real), fragment), { maxLength: 40 });
}
