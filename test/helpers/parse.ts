/** Runs a parser over lines and splits results into records and diagnostics. */
import type { Diagnostic, ParseContext, ParsedRecord, Parser } from '../../src/model/index.js';
import { asyncLines, labLines } from './shared.js';

export function ctxFor(file: string, extra: Partial<ParseContext> = {}): ParseContext {
  return { file, host: 'test-host', tz: 'UTC', ...extra };
}

export async function runParser<R extends ParsedRecord>(
  parser: Parser<R>,
  lines: readonly string[],
  ctx: ParseContext,
): Promise<{ records: R[]; diags: Diagnostic[] }> {
  const records: R[] = [];
  const diags: Diagnostic[] = [];
  for await (const r of parser.parse(asyncLines(lines), ctx)) {
    if (r.ok) records.push(r.record);
    else diags.push(r.diag);
  }
  return { records, diags };
}

/** Runs a parser over a capture of the Xen 4.17 lab, with a context named after the file. */
export function parseLab<R extends ParsedRecord>(
  parser: Parser<R>,
  name: string,
  extra: Partial<ParseContext> = {},
): Promise<{ records: R[]; diags: Diagnostic[] }> {
  return runParser(parser, labLines(name), ctxFor(name, extra));
}
