/** XA402: `maxmem` below `memory` (xl.cfg(5): maxmem must be equal to or greater than memory). */
import type { Rule } from '../../rule.js';
import { settingLocation } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA402',
  name: 'mem-maxmem-below-memory',
  family: 'mem',
  severity: 'error',
  summary: 'maxmem is smaller than memory.',
  messages: {
    below:
      '{{domain}} has maxmem = {{maxmem}} below memory = {{memory}} MiB; xl.cfg(5) requires maxmem ≥ memory, so the domain does not get the memory the file promises.',
  },
  fix: 'Set maxmem = {{memory}} (or larger, for ballooning up), or remove maxmem.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        const { memoryMiB, maxmemMiB } = cfg.config;
        if (!memoryMiB || !maxmemMiB || maxmemMiB.value >= memoryMiB.value) continue;
        ctx.report({
          messageId: 'below',
          data: { domain: cfg.domain, maxmem: maxmemMiB.value, memory: memoryMiB.value },
          host,
          at: settingLocation(cfg, 'maxmem', maxmemMiB),
          domains: [cfg.domain],
        });
      }
  },
};
