/** Runs a parser over lines and splits results into records and diagnostics. */
import type { Diagnostic, ParseContext, ParsedRecord, Parser } from '../../src/model/index.js';
import { asyncLines } from './shared.js';

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
