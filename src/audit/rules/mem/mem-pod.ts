/**
 * XA403: an HVM domain with memory < maxmem starts "pre-ballooned" on populate-on-demand memory; it
 * needs a balloon driver early in boot, or it crashes when the PoD pool runs out (xl.cfg(5)).
 */
import type { Rule } from '../../rule.js';
import { settingLocation } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA403',
  name: 'mem-pod',
  family: 'mem',
  severity: 'warning',
  summary:
    'An HVM domain with memory below maxmem runs on populate-on-demand memory and crashes without a balloon driver.',
  messages: {
    pod: '{{domain}} is HVM with memory = {{memory}} below maxmem = {{maxmem}} MiB: it boots on populate-on-demand memory, and if its balloon driver does not start early enough Xen crashes it when the PoD pool is exhausted.',
  },
  fix: 'Set maxmem = memory ({{memory}}) unless the guest has a balloon driver that loads early in boot.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        const { memoryMiB, maxmemMiB, type } = cfg.config;
        if (type?.value !== 'hvm' || !memoryMiB || !maxmemMiB || memoryMiB.value >= maxmemMiB.value) continue;
        ctx.report({
          messageId: 'pod',
          data: { domain: cfg.domain, memory: memoryMiB.value, maxmem: maxmemMiB.value },
          host,
          at: settingLocation(cfg, 'maxmem', maxmemMiB),
          domains: [cfg.domain],
        });
      }
  },
};
