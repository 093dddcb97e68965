/** XA103: a backing target used by several configs of which at most one writes. */
import type { Rule } from '../../rule.js';
import { describeBacking, groupBy, type Member, reportPerFile } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA103',
  name: 'disk-shared-readonly',
  family: 'disk',
  severity: 'info',
  summary: 'One backing target is shared by several domains, at most one of them writing.',
  messages: {
    oneWriter:
      '{{target}} is shared by {{users}}{{copies}}: one writes while the others read, so the readers see a filesystem changing under their caches.',
    readersOnly: '{{target}} is shared read-only by {{users}}{{copies}}; their reads contend on one device.',
  },
  fix: 'Make sure the readers mount it read-only and tolerate stale data, or give each domain its own copy.',
  check(ctx) {
    for (const host of ctx.hosts) {
      const groups = groupBy(host.disks, (d) => (d.backing.id === 'unknown:' ? null : d.backing.id));
      for (const [id, disks] of groups) {
        if (disks.length < 2) continue; // one disk: one file
        const files = new Set(disks.map((d) => d.cfg.file));
        const writers = new Set(disks.filter((d) => d.disk.value.readwrite).map((d) => d.cfg.file));
        if (files.size < 2 || writers.size >= 2) continue;
        // Installation media shared as CD-ROMs is normal.
        if (writers.size === 0 && disks.every((d) => d.disk.value.cdrom)) continue;
        const members: Member[] = disks.map((d) => ({
          cfg: d.cfg,
          at: d.disk,
          detail: `${d.disk.value.vdev ?? '?'} ${d.disk.value.readwrite ? 'read-write' : 'read-only'}`,
        }));
        reportPerFile(ctx, host, members, writers.size === 1 ? 'oneWriter' : 'readersOnly', {
          target: describeBacking(id),
        });
      }
    }
  },
};
