/**
 * XA601: domains of one group that differ where peers should not: memory, vcpus, disk backing /
 * format / access, vif model / rate, on_crash. Groups are given in the audit config, or found by
 * name: `web01`, `web02`, `web-3` are the group `web`. Each member that differs from the most
 * common value is reported; copies of one domain (same name) count once.
 */

import type { AuditDisk } from '../../audit-host.js';
import { type AuditConfig, domainsOf } from '../../audit-host.js';
import { listText, type Rule } from '../../rule.js';
import { locationOf } from '../../rule-helpers.js';

interface Attribute {
  readonly name: string;
  readonly key: string;
  value(c: AuditConfig, disks: ReadonlyMap<AuditConfig, readonly AuditDisk[]>): string;
}

const ATTRIBUTES: readonly Attribute[] = [
  { name: 'memory', key: 'memory', value: (c) => `${c.config.memoryMiB?.value ?? 'default'} MiB` },
  { name: 'vcpus', key: 'vcpus', value: (c) => String(c.config.vcpus?.value ?? 1) },
  {
    name: 'disks',
    key: 'disk',
    value: (c, disks) =>
      (disks.get(c) ?? [])
        .map(
          (d) =>
            `${d.disk.value.vdev ?? '?'} ${d.backing.kind}/${d.disk.value.format}/${d.disk.value.readwrite ? 'rw' : 'ro'}`,
        )
        .join(', ') || 'none',
  },
  {
    name: 'vifs',
    key: 'vif',
    value: (c) =>
      c.config.vifs
        .map((v) => `model=${v.value.model ?? 'default'} rate=${v.value.rate?.text ?? 'none'}`)
        .join(', ') || 'none',
  },
  { name: 'on_crash', key: 'on_crash', value: (c) => c.config.onCrash?.value ?? 'destroy' },
];

function matches(pattern: string, name: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!re) return pattern === name;
  try {
    return new RegExp(re[1]!, re[2]).test(name);
  } catch {
    return false;
  }
}

/** The role of a name that ends in a number (`web01` → `web`), or null. */
export function roleOf(name: string): string | null {
  const m = /^(.*?[A-Za-z])[-_.]?\d+$/.exec(name);
  return m ? m[1]! : null;
}

/** `localeCompare`'s default order, without building the comparison per call. */
const COLLATOR = new Intl.Collator();

export const rule: Rule = {
  id: 'XA601',
  name: 'peer-drift',
  family: 'peers',
  severity: 'info',
  summary: 'Domains of one group (same role) differ in memory, vcpus, disks, vifs or on_crash.',
  messages: {
    drift:
      '{{domain}} differs from its group {{group}} in {{attribute}}: {{value}}, where {{peers}} have {{expected}}.',
  },
  fix: 'Make {{domain}} match its peers ({{attribute}} {{expected}}), or list it in another group in .xenscope-audit.yaml if the difference is meant.',
  check(ctx) {
    for (const host of ctx.hosts) {
      // The first config of each domain name, in path order.
      const one: AuditConfig[] = [];
      for (const copies of domainsOf(host).values()) one.push(copies[0]!);
      const groups = new Map<string, AuditConfig[]>();
      const placed = new Set<string>();
      for (const [group, patterns] of Object.entries(ctx.options.groups)) {
        const members = one.filter((c) => patterns.some((p) => matches(p, c.domain)));
        for (const c of members) placed.add(c.domain);
        groups.set(group, members);
      }
      if (ctx.options.groupByName)
        for (const c of one) {
          if (placed.has(c.domain)) continue;
          const role = roleOf(c.domain);
          if (role === null) continue;
          const key = `${role}*`;
          const list = groups.get(key) ?? [];
          list.push(c);
          groups.set(key, list);
        }
      const disksOf = new Map<AuditConfig, AuditDisk[]>();
      for (const d of host.disks) {
        const list = disksOf.get(d.cfg) ?? [];
        list.push(d);
        disksOf.set(d.cfg, list);
      }
      for (const [group, members] of groups) {
        if (members.length < 2) continue;
        // Sorted once per group, not per attribute (the collator orders as localeCompare does).
        let sorted: AuditConfig[] | undefined;
        // Members' values by their place in `sorted`, and in `members` (whose order `counts` keeps).
        const n = members.length;
        const values: string[] = new Array(n);
        let sortedValues: string[] | undefined;
        let order: number[] | undefined;
        for (const attr of ATTRIBUTES) {
          const counts = new Map<string, number>();
          for (let i = 0; i < n; i++) {
            const v = attr.value(members[i]!, disksOf);
            values[i] = v;
            counts.set(v, (counts.get(v) ?? 0) + 1);
          }
          if (counts.size < 2) continue;
          if (order === undefined) {
            order = members
              .map((_, i) => i)
              .sort((a, b) => COLLATOR.compare(members[a]!.domain, members[b]!.domain));
            sorted = order.map((i) => members[i]!);
            sortedValues = new Array(n);
          }
          const byRank = sortedValues!;
          for (let k = 0; k < n; k++) byRank[k] = values[order[k]!]!;
          let expected = byRank[0]!;
          for (const [v, count] of counts) if (count > counts.get(expected)!) expected = v;
          const peers: string[] = [];
          for (let k = 0; k < n; k++) if (byRank[k] === expected) peers.push(sorted![k]!.domain);
          const peersText = listText(peers);
          for (let k = 0; k < n; k++) {
            const value = byRank[k]!;
            if (value === expected) continue;
            const c = sorted![k]!;
            ctx.report({
              messageId: 'drift',
              data: {
                domain: c.domain,
                group,
                attribute: attr.name,
                value,
                expected,
                peers: peersText,
              },
              host,
              at: locationOf(c, c.config.keys[attr.key] ? attr.key : undefined),
              // concat: one exact-size array (a spread grows it like push, with room to spare).
              domains: [c.domain].concat(peers),
            });
          }
        }
      }
    }
  },
};
