/** XA107: two disks of one domain with the same virtual device (same devid). */
import { vdevToDevid } from '../../../model/index.js';
import type { Rule } from '../../rule.js';
import { eachConfig, groupBy } from '../../rule-helpers.js';

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
    for (const [host, cfg] of eachConfig(ctx)) {
      const groups = groupBy(cfg.config.disks, (d) => {
        const v = d.value.vdev?.replace(/:.*$/, '').replace(/^\/dev\//, '');
        if (!v) return null;
        const id = vdevToDevid(v);
        return id === null ? v : String(id);
      });
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
