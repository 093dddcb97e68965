/**
 * Valid/invalid tables for one rule (style.md §4.4): each case is a host's config files (and host
 * captures); invalid cases list the `messageId` and `line` of every finding the rule must report.
 */
import { describe, expect, it } from 'vitest';
import type { AuditHost } from '../../src/audit/index.js';
import {
  buildHost,
  type HostCaptures,
  mergeCaptures,
  NO_CAPTURES,
  readCaptures,
} from '../../src/audit/index.js';
import { DEFAULT_RULE_OPTIONS, type Rule, type RuleOptions } from '../../src/audit/rule.js';
import { runAudit } from '../../src/audit/run-audit.js';

export interface HostCase {
  readonly files: Readonly<Record<string, string>>;
  readonly hostInfo?: Readonly<Record<string, string>>;
}

export interface RuleCase {
  readonly name: string;
  /** One host: file name → text (a bare string is `dom.cfg`). */
  readonly files?: Readonly<Record<string, string>> | string;
  readonly hostInfo?: Readonly<Record<string, string>>;
  /** Several hosts (fleet mode). */
  readonly hosts?: Readonly<Record<string, HostCase>>;
  readonly options?: Partial<RuleOptions>;
  readonly errors?: readonly { readonly messageId: string; readonly line: number; readonly file?: string }[];
}

export async function hostsOf(c: Pick<RuleCase, 'files' | 'hostInfo' | 'hosts'>): Promise<AuditHost[]> {
  const specs: [string, HostCase][] = c.hosts
    ? Object.entries(c.hosts)
    : [
        [
          'host',
          {
            files: typeof c.files === 'string' ? { 'dom.cfg': c.files } : (c.files ?? {}),
            hostInfo: c.hostInfo ?? {},
          },
        ],
      ];
  const out: AuditHost[] = [];
  for (const [name, h] of specs) {
    const caps: HostCaptures[] = [];
    for (const [file, text] of Object.entries(h.hostInfo ?? {})) {
      const r = await readCaptures(text, file);
      if (r.format === null) throw new Error(`test capture ${file} is not recognised`);
      caps.push(r.captures);
    }
    const sources = Object.entries(h.files).map(([file, text]) => ({
      file: `${name}/${file}`,
      rel: file,
      text,
    }));
    out.push(buildHost(name, sources, caps.length ? mergeCaptures(caps) : NO_CAPTURES));
  }
  return out;
}

export async function findingsOf(rule: Rule, c: RuleCase) {
  const hosts = await hostsOf(c);
  const result = runAudit(hosts, {
    rules: [rule],
    settings: { disabled: [], severity: {}, options: { ...DEFAULT_RULE_OPTIONS, ...(c.options ?? {}) } },
  });
  expect(result.failures).toEqual([]);
  return result.findings;
}

export function ruleTester(
  rule: Rule,
  table: { valid: readonly RuleCase[]; invalid: readonly RuleCase[] },
): void {
  describe(`${rule.id} ${rule.name}`, () => {
    for (const c of table.valid)
      it(`valid: ${c.name}`, async () => {
        const found = await findingsOf(rule, c);
        expect(found.map((f) => `${f.file}:${f.line} ${f.messageId}: ${f.message}`)).toEqual([]);
      });
    for (const c of table.invalid)
      it(`invalid: ${c.name}`, async () => {
        const found = await findingsOf(rule, c);
        const got = found.map((f) => ({
          messageId: f.messageId,
          line: f.line,
          file: f.file.replace(/^[^/]*\//, ''),
        }));
        const want = (c.errors ?? []).map((e) => ({
          messageId: e.messageId,
          line: e.line,
          file: e.file ?? (typeof c.files === 'string' ? 'dom.cfg' : expect.any(String)),
        }));
        expect(got).toEqual(want);
        for (const f of found) {
          // Every placeholder of the message and the fix has a value.
          const template = `${rule.messages[f.messageId]} ${rule.fix}`;
          for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) expect(f.data).toHaveProperty(m[1]!);
          expect(f.domains.length).toBeGreaterThan(0);
        }
      });
  });
}
