/** Small helpers the rules share: where a setting is, and how a shared resource is reported. */
import type { AuditConfig, AuditHost } from './audit-host.js';
import type { FindingLocation } from './finding.js';
import { listText, type RuleContext, shortList } from './rule.js';

/** Where a key is set, else where the name is, else the top of the file. */
export function locationOf(cfg: AuditConfig, key?: string): FindingLocation {
  const set = key !== undefined ? cfg.config.keys[key] : undefined;
  if (set) return { file: cfg.file, line: set.line, column: set.keyColumn };
  const name = cfg.config.keys.name;
  if (name) return { file: cfg.file, line: name.line, column: name.keyColumn };
  return { file: cfg.file, line: 1, column: 1 };
}

/** Where a parsed setting is: its line, at its key's column when the key is known. */
export function settingLocation(
  cfg: AuditConfig,
  key: string,
  setting: { readonly line: number; readonly column: number },
): FindingLocation {
  return { file: cfg.file, line: setting.line, column: cfg.config.keys[key]?.keyColumn ?? setting.column };
}

/** Related locations kept per finding: enough to find the others, bounded for large groups. */
const MAX_RELATED = 20;

export interface Member {
  readonly cfg: AuditConfig;
  /** The member's host when it differs from the reporting one (fleet rules). */
  readonly host?: AuditHost;
  readonly at: FindingLocation;
  /** How this member uses the resource (`xvda read-write`). */
  readonly detail: string;
}

/** `2 configs named pegas (copies of one domain, which may never run together)`, or ''. */
export function copiesNote(members: readonly Member[]): string {
  const files = new Map<string, Set<string>>();
  for (const m of members) {
    let s = files.get(m.cfg.domain);
    if (!s) files.set(m.cfg.domain, (s = new Set()));
    s.add(m.cfg.file);
  }
  const copies = [...files].filter(([, s]) => s.size > 1);
  if (copies.length === 0) return '';
  const parts = copies.map(([name, s]) => `${s.size} configs are named ${name}`);
  return ` (${listText(parts)}: copies of one domain may never run together; check which ones start)`;
}

/** The domains of the members, in order, each once. */
export function domainNames(members: readonly Member[]): string[] {
  return [...new Set(members.map((m) => m.cfg.domain))];
}

/**
 * Reports a resource used by several configs once per file (so a pragma in one file suppresses
 * that file's finding only), at that file's first use, with the other uses as related locations.
 */
export function reportPerFile(
  ctx: RuleContext,
  host: AuditHost,
  members: readonly Member[],
  messageId: string,
  data: Record<string, string | number>,
): void {
  const byFile = new Map<string, Member[]>();
  for (const m of members) {
    let list = byFile.get(m.cfg.file);
    if (!list) byFile.set(m.cfg.file, (list = []));
    list.push(m);
  }
  const domains = domainNames(members);
  // Large groups (a fleet's common volume) are named by their first users; `domains` has them all.
  const users = members.slice(0, 7).map((m) => `${m.cfg.domain} (${m.cfg.rel}: ${m.detail})`);
  const usersText =
    members.length > 6 ? `${users.slice(0, 6).join(', ')} and ${members.length - 6} more` : listText(users);
  const related = members.slice(0, MAX_RELATED).map((m) => m.at);
  const copies = copiesNote(members);
  for (const [, own] of byFile) {
    const first = own[0]!;
    ctx.report({
      messageId,
      data: { ...data, domains: shortList(domains, 8), users: usersText, copies },
      host: first.host ?? host,
      at: first.at,
      domains,
      related,
    });
  }
}

/** Groups items by a key, keeping insertion order. */
export function groupBy<T>(items: Iterable<T>, key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(it);
  }
  return out;
}

/** A backing id as an operator reads it: `lv:vg0/web` → `LV vg0/web`. */
export function describeBacking(id: string): string {
  const m = /^([a-z]+):(.*)$/.exec(id);
  if (!m) return id;
  const [, kind, rest] = m;
  switch (kind) {
    case 'lv':
      return `LV ${rest}`;
    case 'file':
      return `image file ${rest}`;
    case 'block':
      return `block device ${rest}`;
    case 'rbd':
      return `RBD image ${rest}`;
    case 'iscsi':
      return `iSCSI target ${rest}`;
    case 'nbd':
      return `NBD device ${rest}`;
    case 'drbd':
      return `DRBD resource ${rest}`;
    default:
      return rest ?? id;
  }
}

/** Every config of every host, with its host. */
export function* eachConfig(ctx: RuleContext): Generator<[AuditHost, AuditConfig]> {
  for (const host of ctx.hosts) for (const cfg of host.configs) yield [host, cfg];
}
