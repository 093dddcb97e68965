/**
 * Test support for the Xen tool output parsers (xentop, xl list, xl list -l, xl info, xl uptime,
 * xl vcpu-list). Golden fixtures: `test/fixtures/formats/<format>/<case>.txt` is parsed and compared
 * with `<case>.expected.json` (records and diagnostics); `UPDATE_GOLDEN=1` rewrites the expected
 * files instead, and a missing expected file fails. Also the real corpora, and junk splicing for
 * the fast-check properties.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Diagnostic, ParseContext, ParsedRecord, Parser } from '../../src/model/index.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { labPath, linesOf, listFilesRecursive, REPO_ROOT, sharedPath } from '../helpers/shared.js';

function fixtureDir(format: string): string {
  return join(REPO_ROOT, 'test', 'fixtures', 'formats', format);
}

/** Case names (file names without `.txt`) of a format's fixture folder, sorted. */
export function goldenCases(format: string): string[] {
  return readdirSync(fixtureDir(format))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -'.txt'.length))
    .sort();
}

export function fixtureLines(format: string, name: string): string[] {
  return linesOf(readFileSync(join(fixtureDir(format), `${name}.txt`), 'utf8'));
}

/** Parses a fixture and compares (or, with UPDATE_GOLDEN=1, rewrites) its expected JSON. */
export async function checkGolden<R extends ParsedRecord>(
  parser: Parser<R>,
  format: string,
  name: string,
  extra: Partial<ParseContext> = {},
): Promise<{ records: R[]; diags: Diagnostic[] }> {
  const got = await runParser(parser, fixtureLines(format, name), ctxFor(`${name}.txt`, extra));
  // JSON round trip: what the file holds is what `import --json` readers would see.
  const actual = JSON.parse(JSON.stringify({ records: got.records, diagnostics: got.diags }));
  const expectedPath = join(fixtureDir(format), `${name}.expected.json`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedPath, render(actual));
  else {
    if (!existsSync(expectedPath))
      throw new Error(`missing golden file ${expectedPath} (run with UPDATE_GOLDEN=1)`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  }
  return got;
}

/** One record or diagnostic per line: reviewable diffs. */
function render(doc: { records: unknown[]; diagnostics: unknown[] }): string {
  const list = (items: unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => `  ${JSON.stringify(i)}`).join(',\n')}\n ]`;
  return `{\n "records": ${list(doc.records)},\n "diagnostics": ${list(doc.diagnostics)}\n}\n`;
}

/** Lines of a lab capture. */
export function labLines(name: string): string[] {
  return linesOf(readFileSync(labPath(name), 'utf8'));
}

/** Lines of a real-world paste, found by its number prefix (`023`). */
export function pasteLines(prefix: string): string[] {
  const dir = sharedPath('corpus', 'xen-outputs');
  const name = readdirSync(dir).find((f) => f.startsWith(`${prefix}-`));
  if (!name) throw new Error(`test data missing: xen-outputs/${prefix}-*`);
  return linesOf(readFileSync(join(dir, name), 'utf8'));
}

export async function parseLab<R extends ParsedRecord>(
  parser: Parser<R>,
  name: string,
  extra: Partial<ParseContext> = {},
): Promise<{ records: R[]; diags: Diagnostic[] }> {
  return runParser(parser, labLines(name), ctxFor(name, extra));
}

/** Every file of the lab corpus and the real-world pastes, with its head as detection sees it. */
export function corpusHeads(headLines = 50): { name: string; head: string[] }[] {
  const files = [
    ...listFilesRecursive(labPath()),
    ...listFilesRecursive(sharedPath('corpus', 'xen-outputs')),
  ];
  return files.map((path) => ({
    name: basename(path),
    head: linesOf(readFileSync(path, 'utf8')).slice(0, headLines),
  }));
}

/** Lines no Xen tool prints: `~junk ` then anything, never blank. */
export const junkLine: fc.Arbitrary<string> = fc
  .string({ maxLength: 60 })
  .map((s) => `~junk ${s.replace(/[\r\n]/g, ' ')}`);

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
