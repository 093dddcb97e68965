/** `--format checkstyle`: Checkstyle XML (as hadolint and ESLint write it); suppressed findings are left out. */
import type { AuditSeverity } from '../finding.js';
import type { AuditResult } from '../run-audit.js';

const LEVEL: Record<AuditSeverity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
};

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function renderCheckstyle(result: AuditResult): string {
  const byFile = new Map<string, string[]>();
  for (const f of result.findings) {
    if (f.suppressed || f.baseline) continue;
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(
      `    <error line="${f.line}" column="${f.column}" severity="${LEVEL[f.severity]}" message="${esc(f.message)}" source="xenscope.${f.ruleId}.${f.slug}"/>`,
    );
  }
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const [file, errors] of byFile) out.push(`  <file name="${esc(file)}">`, ...errors, '  </file>');
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
}
