/** `--format json`: one object with the findings (suppressed and baseline ones included) and a summary. */
import type { AuditResult } from '../run-audit.js';
import { summarize } from './summary.js';

export function renderJson(result: AuditResult): string {
  return `${JSON.stringify({
    version: 1,
    summary: summarize(result),
    rules: result.rules.map((r) => ({ id: r.id, slug: r.name, family: r.family, severity: r.severity })),
    findings: result.findings,
    failures: result.failures,
  })}\n`;
}
