/** Counts shared by every output format. */
import { AUDIT_SEVERITIES, type AuditSeverity } from '../finding.js';
import type { AuditResult } from '../run-audit.js';

export interface AuditSummary {
  readonly hosts: number;
  readonly files: number;
  /** Findings that are neither suppressed nor in the baseline, by severity. */
  readonly bySeverity: Readonly<Record<AuditSeverity, number>>;
  readonly active: number;
  readonly suppressed: number;
  readonly baseline: number;
}

export function summarize(result: AuditResult): AuditSummary {
  const bySeverity = Object.fromEntries(AUDIT_SEVERITIES.map((s) => [s, 0])) as Record<AuditSeverity, number>;
  let suppressed = 0;
  let baseline = 0;
  for (const f of result.findings) {
    if (f.suppressed) suppressed++;
    else if (f.baseline) baseline++;
    else bySeverity[f.severity]++;
  }
  const active = AUDIT_SEVERITIES.reduce((n, s) => n + bySeverity[s], 0);
  return { hosts: result.hosts, files: result.files, bySeverity, active, suppressed, baseline };
}
