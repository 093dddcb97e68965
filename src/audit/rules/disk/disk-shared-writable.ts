/** XA101: one backing target (after resolving aliases) writable by two or more configs of a host. */
import type { Rule } from '../../rule.js';
import { describeBacking, groupBy, type Member, reportPerFile } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA101',
  name: 'disk-shared-writable',
  family: 'disk',
  severity: 'error',
  summary: 'One backing volume, device or image file is writable by two or more domains.',
  messages: {
    shared:
      '{{target}} is writable by {{count}} domain configs: {{users}}{{copies}}. Two writers of one non-cluster filesystem corrupt it, and their I/O contends on one device.',
  },
  fix: 'Give each domain its own volume (lvcreate a copy or a snapshot), or make all but one user read-only (access=ro); share data through the network or a cluster filesystem instead.',
  check(ctx) {
    for (const host of ctx.hosts) {
      const groups = groupBy(host.disks, (d) => (d.backing.id === 'unknown:' ? null : d.backing.id));
      for (const [id, disks] of groups) {
        if (disks.length < 2) continue; // one disk: one writer at most
        const writers = new Set(disks.filter((d) => d.disk.value.readwrite).map((d) => d.cfg.file));
        if (writers.size < 2) continue;
        const members: Member[] = disks.map((d) => ({
          cfg: d.cfg,
          at: d.disk,
          detail: `${d.disk.value.vdev ?? '?'} ${d.disk.value.readwrite ? 'read-write' : 'read-only'}`,
        }));
        reportPerFile(ctx, host, members, 'shared', { target: describeBacking(id), count: writers.size });
      }
    }
  },
};
