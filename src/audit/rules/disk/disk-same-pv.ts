/** XA104: disks of several domains on LVs of one physical volume (needs `lvs -o +devices`). */
import type { Rule } from '../../rule.js';
import { type Member, reportPerFile } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA104',
  name: 'disk-same-pv',
  family: 'disk',
  severity: 'info',
  summary: "Several domains' disks are LVs on one physical volume, so their I/O queues on one device.",
  needs: 'lvs -o +devices (or pvs) output given with --host-info',
  messages: {
    samePv:
      'PV {{pv}} holds the disks of {{count}} domains: {{users}}{{copies}}. A burst of I/O from one queues the others behind it.',
  },
  fix: 'Spread busy domains over different PVs (pvmove, or lvcreate … /dev/sdX), and watch the PV with `xenscope investigate`.',
  check(ctx) {
    for (const host of ctx.hosts) {
      const byPv = new Map<string, Member[]>();
      for (const d of host.disks) {
        for (const pv of new Set(d.pvs)) {
          let list = byPv.get(pv);
          if (!list) byPv.set(pv, (list = []));
          list.push({
            cfg: d.cfg,
            at: d.disk,
            detail: `${d.disk.value.vdev ?? '?'} on ${d.backing.id.slice(3)}`,
          });
        }
      }
      for (const [pv, members] of byPv) {
        const names = new Set(members.map((m) => m.cfg.domain));
        if (names.size < 2) continue;
        reportPerFile(ctx, host, members, 'samePv', { pv, count: names.size });
      }
    }
  },
};
