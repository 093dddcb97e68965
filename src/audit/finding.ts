/**
 * The audit's result record (design.md, "Records": Finding) and its closed severity set. Kept in
 * `audit/` because only the audit produces findings; the lead may move the type to `model/` later.
 */

/** Severities as hadolint has them, strongest first (`ignore` is spelled `off` in the audit config). */
export const AUDIT_SEVERITIES = ['error', 'warning', 'info', 'style'] as const;
export type AuditSeverity = (typeof AUDIT_SEVERITIES)[number];

/** Rule families: the first digit of an id (XA1xx disk, XA2xx net, …). */
export const RULE_FAMILIES = [
  'disk',
  'net',
  'cpu',
  'mem',
  'lifecycle',
  'peers',
  'running',
  'syntax',
] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

/** `a` is at least as severe as `b`. */
export function atLeast(a: AuditSeverity, b: AuditSeverity): boolean {
  return AUDIT_SEVERITIES.indexOf(a) <= AUDIT_SEVERITIES.indexOf(b);
}

/** A place in a file (1-based line and column). */
export interface FindingLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Finding {
  readonly ruleId: string;
  readonly slug: string;
  readonly severity: AuditSeverity;
  /** The message with its placeholders filled in: names the domains and values involved. */
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Every domain the finding is about (for a shared resource: all the sharers). */
  readonly domains: readonly string[];
  readonly fix: string;
  readonly suppressed: boolean;
  /** The `reason="…"` of the pragma that suppressed it. */
  readonly suppressedReason?: string;
  /** Which of the rule's messages, and its placeholders (tests assert these, not the wording). */
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  /** The host (folder) the finding belongs to. */
  readonly host: string;
  /** The other places the same problem shows (the other sharers' lines). */
  readonly related: readonly FindingLocation[];
  /** Stable identity across runs (rule, host, file relative to its host, message data; never the line). */
  readonly fingerprint: string;
  /** Present in the `--baseline` file: known, so it does not fail the run. */
  readonly baseline: boolean;
}
