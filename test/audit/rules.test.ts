/**
 * The rule registry and its docs (style.md §4.5–4.6): unique stable ids, a registry sorted by id,
 * one doc per rule with the template's headings in order, doc examples that fire (Incorrect) or
 * not (Correct), and a table test per rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_FAMILIES } from '../../src/audit/finding.js';
import { ALL_RULES } from '../../src/audit/index.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { findingsOf, type HostCase } from './rule-tester.js';

const HEADINGS = ['What it finds', 'Why it matters', 'Incorrect', 'Correct', 'Fix', 'Options', 'References'];
const FAMILY_DIGIT: Record<string, string> = {
  disk: '1',
  net: '2',
  cpu: '3',
  mem: '4',
  lifecycle: '5',
  peers: '6',
  running: '7',
  syntax: '9',
};

const docPath = (family: string, slug: string) =>
  join(REPO_ROOT, 'src', 'audit', 'rules', family, `${slug}.md`);

/** The fenced blocks of one `## Section`, as hosts: ```cfg file=NAME [host=H]``` or ```text host-info=NAME```. */
function exampleHosts(doc: string, section: string): Record<string, HostCase> {
  const start = doc.indexOf(`## ${section}\n`);
  const end = doc.indexOf('\n## ', start + 3);
  const body = doc.slice(start, end === -1 ? undefined : end);
  const hosts: Record<string, { files: Record<string, string>; hostInfo: Record<string, string> }> = {};
  for (const m of body.matchAll(/```(\w+)([^\n]*)\n([\s\S]*?)```/g)) {
    const attrs = Object.fromEntries([...m[2]!.matchAll(/(\S+)=(\S+)/g)].map((a) => [a[1]!, a[2]!]));
    const host = attrs.host ?? 'host';
    const h = (hosts[host] ??= { files: {}, hostInfo: {} });
    if (attrs['host-info']) h.hostInfo[attrs['host-info']] = m[3]!;
    else if (attrs.file) h.files[attrs.file] = m[3]!;
    else throw new Error(`example block without file= or host-info= in ${section}`);
  }
  return hosts;
}

describe('audit rule registry', () => {
  it('has the rules the issue asks for first', () => {
    const ids = ALL_RULES.map((r) => r.id);
    for (const id of [
      'XA101',
      'XA102',
      'XA104',
      'XA202',
      'XA204',
      'XA501',
      'XA502',
      'XA901',
      'XA902',
      'XA903',
      'XA904',
      'XA201',
      'XA403',
      'XA601',
      'XA701',
    ])
      expect(ids).toContain(id);
    expect(ids.length).toBe(26);
  });

  it('has unique ids and slugs, sorted by id', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ALL_RULES.map((r) => r.name)).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  for (const rule of ALL_RULES) {
    describe(`${rule.id} ${rule.name}`, () => {
      it('has a well-formed id, slug, family and messages', () => {
        expect(rule.id).toMatch(/^XA\d{3}$/);
        expect(rule.id[2]).toBe(FAMILY_DIGIT[rule.family]);
        expect(RULE_FAMILIES).toContain(rule.family);
        expect(rule.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
        expect(rule.summary.length).toBeGreaterThan(10);
        expect(rule.fix.length).toBeGreaterThan(10);
      });

      it('has a doc with the headings in order and a table test', () => {
        const path = docPath(rule.family, rule.name);
        expect(existsSync(path), path).toBe(true);
        const doc = readFileSync(path, 'utf8');
        expect(doc.startsWith(`# ${rule.id} ${rule.name}\n`)).toBe(true);
        const found = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(found).toEqual(HEADINGS);
        expect(
          existsSync(join(REPO_ROOT, 'test', 'audit', 'rules', rule.family, `${rule.name}.test.ts`)),
        ).toBe(true);
      });

      it('fires on its Incorrect example and not on its Correct one', async () => {
        const doc = readFileSync(docPath(rule.family, rule.name), 'utf8');
        const bad = await findingsOf(rule, { name: 'incorrect', hosts: exampleHosts(doc, 'Incorrect') });
        expect(bad.length).toBeGreaterThan(0);
        expect(bad.every((f) => f.ruleId === rule.id)).toBe(true);
        const good = await findingsOf(rule, { name: 'correct', hosts: exampleHosts(doc, 'Correct') });
        expect(good.map((f) => f.message)).toEqual([]);
      });
    });
  }
});
