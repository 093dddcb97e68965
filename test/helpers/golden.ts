/**
 * Golden fixtures of the format parsers: `test/fixtures/formats/<format>/<case>.txt` is parsed and
 * compared with `<case>.expected.json` (records and diagnostics). `UPDATE_GOLDEN=1` rewrites the
 * expected files instead; a missing expected file fails, so a new case cannot pass unseen.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Diagnostic, ParseContext, ParsedRecord, Parser } from '../../src/model/index.js';
import { ctxFor, runParser } from './parse.js';
import { linesOf, REPO_ROOT } from './shared.js';

export function fixtureDir(format: string): string {
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

/** Parses a fixture as the golden check does (context named after the case), without comparing. */
export function parseFormatFixture<R extends ParsedRecord>(
  parser: Parser<R>,
  format: string,
  name: string,
  extra: Partial<ParseContext> = {},
): Promise<{ records: R[]; diags: Diagnostic[] }> {
  return runParser(parser, fixtureLines(format, name), ctxFor(`${name}.txt`, extra));
}

/** Parses a fixture and compares (or, with UPDATE_GOLDEN=1, rewrites) its expected JSON. */
export async function checkGolden<R extends ParsedRecord>(
  parser: Parser<R>,
  format: string,
  name: string,
  extra: Partial<ParseContext> = {},
): Promise<{ records: R[]; diags: Diagnostic[] }> {
  const got = await parseFormatFixture(parser, format, name, extra);
  // JSON round trip: what the file holds is what a reader of `import --json` would see.
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

/**
 * Inside a `describe`: one test that the fixture folder holds exactly `cases` (the names the file's
 * other tests rely on), then one golden check per case. `ctxOf` gives a case its parse context.
 */
export function itChecksGoldenCases<R extends ParsedRecord>(
  parser: Parser<R>,
  format: string,
  cases: readonly string[],
  ctxOf: (name: string) => Partial<ParseContext> | undefined = () => undefined,
): void {
  it('has the cases this file asserts on', () => {
    expect(goldenCases(format)).toEqual(cases);
  });
  for (const name of goldenCases(format)) {
    it(name, async () => {
      await checkGolden(parser, format, name, ctxOf(name));
    });
  }
}

/** One record or diagnostic per line: reviewable diffs without thousands of lines. */
function render(doc: { records: unknown[]; diagnostics: unknown[] }): string {
  const list = (items: unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => `  ${JSON.stringify(i)}`).join(',\n')}\n ]`;
  return `{\n "records": ${list(doc.records)},\n "diagnostics": ${list(doc.diagnostics)}\n}\n`;
}
