/**
 * What a rule is (style.md §4 and "How xenscope should look" §6): metadata plus a check. Messages are
 * keyed by id with `{{name}}` placeholders, so tests assert the id and the data, not the wording.
 */
import type { AuditHost } from './audit-host.js';
import type { AuditSeverity, FindingLocation, RuleFamily } from './finding.js';

/** Thresholds a rule reads; every one has a default in `DEFAULT_THRESHOLDS`. */
export interface AuditThresholds {
  /** XA301: vCPUs per host pCPU above which the host is overcommitted. */
  readonly cpuOvercommitRatio: number;
  /** XA401: domain memory over (host memory − dom0) above which the host is overcommitted. */
  readonly memOvercommitRatio: number;
}

export const DEFAULT_THRESHOLDS: AuditThresholds = { cpuOvercommitRatio: 4, memOvercommitRatio: 1 };

/** Options the rules read (from `.xenscope-audit.yaml` and flags). */
export interface RuleOptions {
  readonly thresholds: AuditThresholds;
  /** XA601: named peer groups, each a list of domain names or `/regex/`. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** XA601: when true (default), domains whose names differ only by a trailing number are peers. */
  readonly groupByName: boolean;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  thresholds: DEFAULT_THRESHOLDS,
  groups: {},
  groupByName: true,
};

export interface ReportInput {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly host: AuditHost;
  readonly at: FindingLocation;
  readonly domains: readonly string[];
  /** Overrides the rule's `fix` template for this finding (placeholders allowed). */
  readonly fix?: string;
  readonly related?: readonly FindingLocation[];
}

export interface RuleContext {
  readonly hosts: readonly AuditHost[];
  /** Several hosts were audited together (cross-host rules run). */
  readonly fleet: boolean;
  readonly options: RuleOptions;
  /** Every rule id and slug xenscope has (for checking pragmas). */
  readonly knownRuleIds: ReadonlySet<string>;
  report(finding: ReportInput): void;
}

export interface Rule {
  /** `XA` + family digit + two digits; never reused. */
  readonly id: string;
  /** The slug (`disk-shared-writable`). */
  readonly name: string;
  readonly family: RuleFamily;
  readonly severity: AuditSeverity;
  readonly summary: string;
  readonly messages: Readonly<Record<string, string>>;
  /** What to do, with the same placeholders as the messages. */
  readonly fix: string;
  /** What the rule needs beyond configs, said in `--list-rules` (`xl info`, `lvs`, `xl list -l`, fleet). */
  readonly needs?: string;
  check(ctx: RuleContext): void;
}

const compiled = new Map<string, readonly string[]>();

/** Fills `{{name}}` placeholders; an unknown name stays visible rather than vanishing. */
export function fill(template: string, data: Readonly<Record<string, string | number>>): string {
  // Templates are few and findings many: split each template once (odd parts are names).
  let parts = compiled.get(template);
  if (parts === undefined) {
    parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
    compiled.set(template, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    const v = data[k];
    out += (v !== undefined ? String(v) : `{{${k}}}`) + parts[i + 1]!;
  }
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Like `listText`, cut after `max` items (`a, b, c and 8 more`). */
export function shortList(items: readonly string[], max = 5): string {
  if (items.length <= max) return listText(items);
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
