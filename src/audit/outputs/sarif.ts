/**
 * `--format sarif`: SARIF 2.1.0 with every rule that ran declared (id, slug, summary, default level,
 * help with the fix), one result per finding with `partialFingerprints`, suppressed findings
 * carrying an in-source suppression with its justification, and `baselineState` when a baseline
 * was given. Checked with the official validator (`sarif-multitool validate`) in the tests.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditSeverity, FindingLocation } from '../finding.js';
import type { AuditResult } from '../run-audit.js';

const LEVEL: Record<AuditSeverity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  style: 'note',
};

export interface SarifOptions {
  /** Relative paths are resolved against this folder (the CLI passes its working directory). */
  readonly baseDir: string;
  readonly version: string;
  /** A baseline was given: every result says whether it is new or unchanged. */
  readonly withBaseline?: boolean;
}

export function renderSarif(result: AuditResult, opts: SarifOptions): string {
  const uri = (file: string) => pathToFileURL(isAbsolute(file) ? file : resolve(opts.baseDir, file)).href;
  const location = (l: FindingLocation) => ({
    physicalLocation: {
      artifactLocation: { uri: uri(l.file) },
      region: { startLine: Math.max(1, l.line), startColumn: Math.max(1, l.column) },
    },
  });
  const index = new Map(result.rules.map((r, i) => [r.id, i]));
  const rules = result.rules.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.summary },
    fullDescription: { text: `${r.summary}${r.needs ? ` Needs: ${r.needs}.` : ''}` },
    help: {
      text: `Fix: ${r.fix.replace(/\{\{\s*\w+\s*\}\}/g, '…')} See \`xenscope audit --explain ${r.id}\`.`,
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: [r.family], severity: r.severity },
  }));
  const results = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? 0,
    level: LEVEL[f.severity],
    message: { text: `${f.message} Fix: ${f.fix}` },
    locations: [location(f)],
    ...(f.related.length > 0
      ? {
          relatedLocations: f.related.map((l, i) => ({
            id: i + 1,
            ...location(l),
            message: { text: 'also here' },
          })),
        }
      : {}),
    partialFingerprints: { 'xenscope/v1': f.fingerprint },
    ...(f.suppressed
      ? { suppressions: [{ kind: 'inSource', justification: f.suppressedReason ?? '' }] }
      : {}),
    ...(opts.withBaseline ? { baselineState: f.baseline ? 'unchanged' : 'new' } : {}),
    properties: { severity: f.severity, domains: f.domains, host: f.host, slug: f.slug },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'xenscope',
            semanticVersion: opts.version,
            rules,
          },
        },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
