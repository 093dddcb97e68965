/** XA301: vCPUs of all domains over a ratio of the host's pCPUs (`xl info` nr_cpus). */
import { domainsOf, hostInfoOf } from '../../audit-host.js';
import { numberFact } from '../../host-facts.js';
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA301',
  name: 'cpu-overcommit',
  family: 'cpu',
  severity: 'warning',
  summary: 'The domains have more vCPUs than the host can run at the configured ratio to its pCPUs.',
  needs: '`xl info` given with --host-info',
  messages: {
    overcommit:
      'Host {{host}} has {{pcpus}} pCPUs and its {{count}} domains ask for {{vcpus}} vCPUs ({{ratio}}:1, over {{limit}}:1); busy vCPUs wait for each other and time-sensitive guests stall.',
  },
  fix: 'Lower vcpus of idle domains, move domains to another host, or raise thresholds.cpuOvercommitRatio if this is intended.',
  check(ctx) {
    const limit = ctx.options.thresholds.cpuOvercommitRatio;
    for (const host of ctx.hosts) {
      const info = hostInfoOf(host);
      const pcpus = info ? numberFact(info.value, 'nr_cpus') : null;
      if (info === null || pcpus === null || pcpus === 0) continue;
      let vcpus = 0;
      const domains = domainsOf(host);
      for (const copies of domains.values())
        vcpus += Math.max(...copies.map((c) => c.config.vcpus?.value ?? 1));
      if (vcpus <= limit * pcpus) continue;
      ctx.report({
        messageId: 'overcommit',
        data: {
          host: host.name,
          pcpus,
          count: domains.size,
          vcpus,
          ratio: (vcpus / pcpus).toFixed(1),
          limit,
        },
        host,
        at: { file: info.file, line: info.line, column: 1 },
        domains: [...domains.keys()],
      });
    }
  },
};
