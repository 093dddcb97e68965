/**
 * The rule engine: runs every enabled rule over the hosts, fills messages, applies severity
 * overrides, inline suppressions and the baseline, and gives each finding a stable fingerprint.
 * A rule that throws costs its own findings only; the failure is returned, never raised.
 */
import type { AuditHost } from './audit-host.js';
import type { AuditSeverity, Finding, FindingLocation } from './finding.js';
import { DEFAULT_RULE_OPTIONS, fill, type Rule, type RuleContext, type RuleOptions } from './rule.js';
import { ALL_RULES } from './rules/index.js';
import { readPragmas, suppressionIndex } from './suppression.js';

export interface AuditSettings {
  /** Rule ids or slugs that do not run. */
  readonly disabled: readonly string[];
  /** Per rule id or slug: another severity, or `off`. */
  readonly severity: Readonly<Record<string, AuditSeverity | 'off'>>;
  readonly options: RuleOptions;
}

export const DEFAULT_SETTINGS: AuditSettings = { disabled: [], severity: {}, options: DEFAULT_RULE_OPTIONS };

export interface AuditRunOptions {
  readonly rules?: readonly Rule[];
  readonly settings?: AuditSettings;
  /** Fingerprints of known findings (`--baseline`). */
  readonly baseline?: ReadonlySet<string>;
  /** Cross-host rules run (several hosts given, or `--fleet`). */
  readonly fleet?: boolean;
}

export interface AuditResult {
  readonly findings: readonly Finding[];
  /** The rules that ran, sorted by id. */
  readonly rules: readonly Rule[];
  readonly hosts: number;
  readonly files: number;
  /** Rules that failed: their findings are missing, the others are complete. */
  readonly failures: readonly { readonly ruleId: string; readonly message: string }[];
}

/**
 * Identity of a finding across runs: rule, host, file relative to its host, message id and data
 * (never the line, so edits above a finding keep it). Two FNV-1a 32-bit hashes with different
 * seeds: not cryptographic, only stable and cheap (the audit makes tens of thousands of them).
 */
export function fingerprintOf(
  ruleId: string,
  host: string,
  rel: string,
  messageId: string,
  data: object,
): string {
  const keys = Object.keys(data).sort();
  let text = `${ruleId}\u0000${host}\u0000${rel}\u0000${messageId}`;
  for (const k of keys) text += `\u0001${k}=${String((data as Record<string, unknown>)[k])}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const NO_RELATED: readonly FindingLocation[] = [];

/**
 * The domains in order, each once. Rules build a fresh array per report and almost never repeat a
 * name, so a short list is checked pairwise and kept as it is; long ones go through a Set.
 */
function uniqueDomains(domains: readonly string[]): readonly string[] {
  const n = domains.length;
  if (n > 32) return [...new Set(domains)];
  for (let i = 1; i < n; i++) {
    const d = domains[i];
    for (let j = 0; j < i; j++) if (domains[j] === d) return [...new Set(domains)];
  }
  return domains;
}

/**
 * A finding whose message, fix and fingerprint are made on first read: a fleet audit makes tens of
 * thousands of findings and the benchmark (or a `--fail-level` check) reads none of those strings;
 * the outputs read each once. `toJSON` gives the record with its fields in the documented order.
 */
class AuditFinding implements Finding {
  readonly ruleId: string;
  readonly slug: string;
  readonly severity: AuditSeverity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly domains: readonly string[];
  readonly suppressed: boolean;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly host: string;
  readonly related: readonly FindingLocation[];
  readonly baseline: boolean;
  readonly #template: string;
  readonly #fixTemplate: string;
  readonly #rel: string;
  readonly #reason: string | undefined;
  #message: string | undefined;
  #fix: string | undefined;
  #fingerprint: string | undefined;

  constructor(
    rule: Rule,
    severity: AuditSeverity,
    template: string,
    fixTemplate: string,
    messageId: string,
    data: Readonly<Record<string, string | number>>,
    host: string,
    at: FindingLocation,
    rel: string | undefined,
    domains: readonly string[],
    related: readonly FindingLocation[],
    reason: string | undefined,
    baseline: ReadonlySet<string> | undefined,
  ) {
    this.ruleId = rule.id;
    this.slug = rule.name;
    this.severity = severity;
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.domains = domains;
    this.suppressed = reason !== undefined;
    this.messageId = messageId;
    this.data = data;
    this.host = host;
    this.related = related;
    this.#template = template;
    this.#fixTemplate = fixTemplate;
    this.#rel = rel ?? at.file.replace(/^.*\//, '');
    this.#reason = reason;
    this.baseline = baseline !== undefined && baseline.has(this.fingerprint);
  }

  get message(): string {
    if (this.#message === undefined) this.#message = fill(this.#template, this.data);
    return this.#message;
  }

  get fix(): string {
    if (this.#fix === undefined) this.#fix = fill(this.#fixTemplate, this.data);
    return this.#fix;
  }

  get fingerprint(): string {
    if (this.#fingerprint === undefined)
      this.#fingerprint = fingerprintOf(this.ruleId, this.host, this.#rel, this.messageId, this.data);
    return this.#fingerprint;
  }

  get suppressedReason(): string | undefined {
    return this.#reason;
  }

  toJSON(): Finding {
    return {
      ruleId: this.ruleId,
      slug: this.slug,
      severity: this.severity,
      message: this.message,
      file: this.file,
      line: this.line,
      column: this.column,
      domains: this.domains,
      fix: this.fix,
      suppressed: this.suppressed,
      ...(this.#reason !== undefined ? { suppressedReason: this.#reason } : {}),
      messageId: this.messageId,
      data: this.data,
      host: this.host,
      related: this.related,
      fingerprint: this.fingerprint,
      baseline: this.baseline,
    };
  }
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Findings by file, line, column and rule id; findings equal in all four keep the order they were
 * reported in. The same order as one stable sort by those keys, made cheaper: the tens of thousands
 * of findings of a fleet fall into far fewer files, so the file names are compared once per file
 * (not per pair of findings) and each file's few findings are sorted by numbers.
 */
function sortFindings(findings: readonly Finding[]): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (list === undefined) byFile.set(f.file, (list = []));
    list.push(f);
  }
  const out: Finding[] = [];
  for (const file of [...byFile.keys()].sort(cmp)) {
    const list = byFile.get(file)!;
    if (list.length > 1)
      list.sort((a, b) => a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId));
    for (const f of list) out.push(f);
  }
  return out;
}

function selected(rule: Rule, names: readonly string[]): boolean {
  return names.some((n) => n.toUpperCase() === rule.id || n === rule.name);
}

export function runAudit(hosts: readonly AuditHost[], opts: AuditRunOptions = {}): AuditResult {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const all = [...(opts.rules ?? ALL_RULES)].sort((a, b) => a.id.localeCompare(b.id));
  const severityOf = (r: Rule): AuditSeverity | 'off' =>
    settings.severity[r.id] ?? settings.severity[r.name] ?? r.severity;
  const rules = all.filter((r) => !selected(r, settings.disabled) && severityOf(r) !== 'off');

  // Where each config file lives, and its pragmas (read once per file).
  const relOf = new Map<string, string>();
  const suppressions = new Map<string, Map<number, Map<string, string>>>();
  for (const h of hosts)
    for (const c of h.configs) {
      relOf.set(c.file, c.rel);
      const p = readPragmas(c.text);
      if (p.length > 0) suppressions.set(c.file, suppressionIndex(p));
    }
  const knownIds = new Set(ALL_RULES.flatMap((r) => [r.id, r.name]));

  const findings: Finding[] = [];
  const failures: { ruleId: string; message: string }[] = [];
  for (const rule of rules) {
    const severity = severityOf(rule) as AuditSeverity;
    const ctx: RuleContext = {
      hosts,
      fleet: opts.fleet ?? hosts.length > 1,
      options: settings.options,
      knownRuleIds: knownIds,
      report(r) {
        const data = r.data ?? {};
        const template = rule.messages[r.messageId];
        if (template === undefined) throw new Error(`rule ${rule.id} has no message ${r.messageId}`);
        const at = r.at;
        // Most audits have no pragma at all: no lookup per finding then.
        const byId = suppressions.size === 0 ? undefined : suppressions.get(at.file)?.get(at.line);
        const reason = byId?.get(rule.id) ?? byId?.get(rule.name);
        findings.push(
          new AuditFinding(
            rule,
            severity,
            template,
            r.fix ?? rule.fix,
            r.messageId,
            data,
            r.host.name,
            at,
            relOf.get(at.file),
            uniqueDomains(r.domains),
            r.related === undefined
              ? NO_RELATED
              : r.related.filter((l) => l.file !== at.file || l.line !== at.line),
            reason,
            opts.baseline,
          ),
        );
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      failures.push({ ruleId: rule.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return {
    findings: sortFindings(findings),
    rules,
    hosts: hosts.length,
    files: hosts.reduce((n, h) => n + h.configs.length, 0),
    failures,
  };
}
