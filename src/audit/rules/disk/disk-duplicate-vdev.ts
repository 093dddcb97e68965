/** XA107: two disks of one domain with the same virtual device (same devid). */
import { type DiskSpec, type Located, vdevToDevid } from '../../../model/index.js';
import type { Rule } from '../../rule.js';
import { groupBy } from '../../rule-helpers.js';

/** The device a disk is on (its devid, else its vdev as written), null when it names none. */
function deviceKey(d: Located<DiskSpec>): string | null {
  const vdev = d.value.vdev;
  if (vdev === null) return null;
  // `replace` is needed only for a `:type` suffix or a `/dev/` prefix.
  const v =
    vdev.indexOf(':') < 0 && !vdev.startsWith('/dev/')
      ? vdev
      : vdev.replace(/:.*$/, '').replace(/^\/dev\//, '');
  if (!v) return null;
  const id = vdevToDevid(v);
  return id === null ? v : String(id);
}

export const rule: Rule = {
  id: 'XA107',
  name: 'disk-duplicate-vdev',
  family: 'disk',
  severity: 'error',
  summary: 'Two disks of one domain name the same virtual device.',
  messages: {
    duplicate:
      '{{domain}} has {{count}} disks on virtual device {{vdev}} (lines {{lines}}): libxl cannot add the second one, and the domain fails to start.',
  },
  fix: 'Give each disk its own vdev (xvda, xvdb, …).',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        const disks = cfg.config.disks;
        // Most configs have one or two disks on different devices: nothing to group then.
        if (disks.length < 2) continue;
        if (disks.length === 2) {
          const a = deviceKey(disks[0]!);
          if (a === null || a !== deviceKey(disks[1]!)) continue;
        }
        const groups = groupBy(disks, deviceKey);
        for (const disks of groups.values()) {
          if (disks.length < 2) continue;
          const [, second] = disks;
          ctx.report({
            messageId: 'duplicate',
            data: {
              domain: cfg.domain,
              count: disks.length,
              vdev: disks.map((d) => d.value.vdev).join(' = '),
              lines: disks.map((d) => d.line).join(', '),
            },
            host,
            at: second!,
            domains: [cfg.domain],
            related: disks,
          });
        }
      }
  },
};
