/** `--format text`: findings grouped by file, `line:column severity message  id slug`, then the fix. */
import type { AuditSeverity } from '../finding.js';
import type { AuditResult } from '../run-audit.js';
import { summarize } from './summary.js';

const COLORS: Record<AuditSeverity, string> = { error: '31', warning: '33', info: '36', style: '35' };

export function renderText(result: AuditResult, opts: { color?: boolean } = {}): string {
  const paint = (s: AuditSeverity, t: string) => (opts.color ? `\u001b[${COLORS[s]}m${t}\u001b[0m` : t);
  const out: string[] = [];
  let file: string | null = null;
  for (const f of result.findings) {
    if (f.suppressed || f.baseline) continue;
    if (f.file !== file) {
      if (file !== null) out.push('');
      file = f.file;
      out.push(f.file);
    }
    const where = `${f.line}:${f.column}`.padEnd(7);
    out.push(`  ${where} ${paint(f.severity, f.severity.padEnd(7))}  ${f.message}  ${f.ruleId} ${f.slug}`);
    out.push(`  ${' '.repeat(7)} ${' '.repeat(7)}  fix: ${f.fix}`);
  }
  const s = summarize(result);
  if (out.length > 0) out.push('');
  const counts = (['error', 'warning', 'info', 'style'] as const)
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => `${s.bySeverity[k]} ${k}${s.bySeverity[k] === 1 ? '' : 's'}`);
  const extra = [
    s.suppressed > 0 ? `${s.suppressed} suppressed` : '',
    s.baseline > 0 ? `${s.baseline} in the baseline` : '',
  ].filter(Boolean);
  out.push(
    `${s.active === 0 ? 'no findings' : `${s.active} finding${s.active === 1 ? '' : 's'} (${counts.join(', ')})`} in ${s.files} config${s.files === 1 ? '' : 's'} of ${s.hosts} host${s.hosts === 1 ? '' : 's'}${extra.length ? `; ${extra.join(', ')}` : ''}`,
  );
  for (const f of result.failures) out.push(`rule ${f.ruleId} failed and reported nothing: ${f.message}`);
  return `${out.join('\n')}\n`;
}
