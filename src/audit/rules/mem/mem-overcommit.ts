/**
 * XA401: the memory of all domains over what the host has for guests: `xl info` total_memory minus
 * dom0's `dom0_mem=` from xen_commandline. Copies of one domain count once (the largest).
 */
import { domainsOf, hostInfoOf } from '../../audit-host.js';
import { dom0MemMiB, numberFact } from '../../host-facts.js';
import type { Rule } from '../../rule.js';

/** libxl's memory when a config names neither memory nor maxmem. */
const LIBXL_DEFAULT_MIB = 32;

export const rule: Rule = {
  id: 'XA401',
  name: 'mem-overcommit',
  family: 'mem',
  severity: 'warning',
  summary: 'The domains together need more memory than the host has for guests.',
  needs: '`xl info` given with --host-info',
  messages: {
    overcommit:
      'Host {{host}} has {{total}} MiB, {{dom0}} MiB of it for dom0 ({{dom0Source}}), leaving {{available}} MiB; its {{count}} domains need {{needed}} MiB. The last ones to start fail, and ballooned guests cannot grow back.',
    noDom0Mem:
      'Host {{host}} has {{total}} MiB and its {{count}} domains need {{needed}} MiB, before dom0 takes its share (no dom0_mem= in xen_commandline, so dom0 starts with all memory and balloons down).',
  },
  fix: 'Lower memory of some domains, move domains to another host, or set dom0_mem= and plan the rest.',
  check(ctx) {
    const ratio = ctx.options.thresholds.memOvercommitRatio;
    for (const host of ctx.hosts) {
      const info = hostInfoOf(host);
      const total = info ? numberFact(info.value, 'total_memory') : null;
      if (info === null || total === null) continue;
      const dom0 = dom0MemMiB(info.value.xen_commandline);
      const domains = domainsOf(host);
      let needed = 0;
      for (const copies of domains.values())
        needed += Math.max(
          ...copies.map((c) => c.config.memoryMiB?.value ?? c.config.maxmemMiB?.value ?? LIBXL_DEFAULT_MIB),
        );
      const available = total - (dom0?.mib ?? 0);
      if (needed <= ratio * available) continue;
      ctx.report({
        messageId: dom0 ? 'overcommit' : 'noDom0Mem',
        data: {
          host: host.name,
          total,
          dom0: dom0?.mib ?? 0,
          dom0Source: dom0?.text ?? '',
          available,
          count: domains.size,
          needed,
        },
        host,
        at: { file: info.file, line: info.line, column: 1 },
        domains: [...domains.keys()],
      });
    }
  },
};
