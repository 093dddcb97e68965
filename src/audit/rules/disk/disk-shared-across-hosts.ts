/**
 * XA110 (fleet mode): one network block target (SAN LUN, iSCSI target, RBD image, NBD/DRBD device)
 * writable by domains on two or more hosts. Local paths are per host and never compared.
 */
import type { AuditDisk, AuditHost } from '../../audit-host.js';
import type { Rule } from '../../rule.js';
import { describeBacking, type Member, reportPerFile } from '../../rule-helpers.js';

/** A target that names the same data from any host: network storage or a stable SAN id. */
export function sharedStorageKey(d: AuditDisk): string | null {
  const { kind, id } = d.backing;
  if (kind === 'rbd' || kind === 'iscsi' || kind === 'nbd' || kind === 'drbd') return id;
  if (kind === 'block' && /^block:\/dev\/disk\/by-(?:id|path|uuid|wwn)\//.test(id)) return id;
  if (kind === 'block' && /^block:\/dev\/mapper\/(?:3[0-9a-f]{16,}|mpath)/.test(id)) return id;
  return null;
}

export const rule: Rule = {
  id: 'XA110',
  name: 'disk-shared-across-hosts',
  family: 'disk',
  severity: 'error',
  summary: 'One SAN LUN, iSCSI target or RBD image is writable by domains on two or more hosts.',
  needs: 'fleet mode (several host folders, or --fleet)',
  messages: {
    shared:
      '{{target}} is writable on {{hostCount}} hosts ({{hosts}}): {{users}}. No host-side check sees the other host, so both can write at once.',
  },
  fix: 'Attach the target on one host at a time (a cluster manager or migration, not two configs), or mark the extra users read-only.',
  check(ctx) {
    if (!ctx.fleet) return;
    const byKey = new Map<string, { host: AuditHost; disk: AuditDisk }[]>();
    for (const host of ctx.hosts)
      for (const d of host.disks) {
        const key = sharedStorageKey(d);
        if (key === null || !d.disk.value.readwrite) continue;
        let list = byKey.get(key);
        if (!list) byKey.set(key, (list = []));
        list.push({ host, disk: d });
      }
    for (const [key, uses] of byKey) {
      const hosts = [...new Set(uses.map((u) => u.host.name))];
      if (hosts.length < 2) continue;
      const members: Member[] = uses.map((u) => ({
        cfg: u.disk.cfg,
        host: u.host,
        at: u.disk.disk,
        detail: `host ${u.host.name}, ${u.disk.disk.value.vdev ?? '?'}`,
      }));
      reportPerFile(ctx, uses[0]!.host, members, 'shared', {
        target: describeBacking(key),
        hostCount: hosts.length,
        hosts: hosts.join(', '),
      });
    }
  },
};
