/**
 * @module audit: lints domain configurations. Rules (one file each under `rules/<family>/`, with a
 * doc beside it) run over hosts built from config texts and host captures; findings carry stable
 * fingerprints, inline suppressions and baseline state; outputs are text, JSON, SARIF and Checkstyle.
 */

export { AUDIT_CONFIG_NAMES, auditConfigSchema, parseAuditConfig } from './audit-config.js';
export type { AuditConfig, AuditDisk, AuditHost, ConfigSource, HostCaptures } from './audit-host.js';
export { buildHost, fileStem, hostOf, NO_CAPTURES } from './audit-host.js';
export { readBaseline } from './baseline.js';
export { explainRule, listRules } from './explain.js';
export type { AuditSeverity, Finding, FindingLocation, RuleFamily } from './finding.js';
export { AUDIT_SEVERITIES, atLeast, RULE_FAMILIES } from './finding.js';
export { mergeCaptures, readCaptures } from './host-captures.js';
export { renderCheckstyle } from './outputs/checkstyle.js';
export { renderJson } from './outputs/json.js';
export { renderSarif } from './outputs/sarif.js';
export { summarize } from './outputs/summary.js';
export { renderText } from './outputs/text.js';
export type { Rule, RuleContext, RuleOptions } from './rule.js';
export { DEFAULT_RULE_OPTIONS, DEFAULT_THRESHOLDS } from './rule.js';
export { ALL_RULES, findRule } from './rules/index.js';
export type { AuditResult, AuditRunOptions, AuditSettings } from './run-audit.js';
export { DEFAULT_SETTINGS, runAudit } from './run-audit.js';
