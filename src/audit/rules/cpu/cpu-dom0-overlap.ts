/**
 * XA302: a domain pinned (`cpus=`) to pCPUs dom0 is pinned to: dom0 runs the disk and network
 * backends, so a busy guest there slows every other guest's I/O. dom0's pCPUs come from
 * `xl vcpu-list` (Domain-0's hard affinity) or from `dom0_vcpus_pin` + `dom0_max_vcpus=` in `xl info`.
 */

import { formatCpuList, parseCpuList } from '../../../topology/index.js';
import { hostInfoOf } from '../../audit-host.js';
import { dom0PinnedCpus, numberFact } from '../../host-facts.js';
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA302',
  name: 'cpu-dom0-overlap',
  family: 'cpu',
  severity: 'warning',
  summary: "A domain is pinned to pCPUs that dom0 is pinned to, so it competes with the backends' CPU.",
  needs: '`xl info` (dom0_vcpus_pin) or `xl vcpu-list` given with --host-info',
  messages: {
    overlap:
      '{{domain}} is pinned to pCPUs {{cpus}}, and dom0 (which runs the disk and network backends) is pinned to {{dom0}}: they share pCPU {{shared}}.',
  },
  fix: 'Pin guests to pCPUs dom0 does not use (cpus = "{{free}}"), or leave them unpinned.',
  check(ctx) {
    for (const host of ctx.hosts) {
      const info = hostInfoOf(host);
      const nr = info ? numberFact(info.value, 'nr_cpus') : null;
      let dom0: number[] | null = null;
      const vcpus = host.captures.vcpus.filter((v) => v.value.domain === 'Domain-0');
      if (vcpus.length > 0) {
        const set = new Set<number>();
        let all = false;
        for (const v of vcpus) {
          const p = parseCpuList(v.value.hardAffinity, nr);
          if (p === null || p === undefined) all = true;
          else for (const c of p) set.add(c);
        }
        dom0 = all ? null : [...set].sort((a, b) => a - b);
      } else if (info) dom0 = dom0PinnedCpus(info.value.xen_commandline);
      if (dom0 === null || dom0.length === 0) continue;
      const dom0Set = new Set(dom0);
      // What dom0 leaves free is the same for every config of the host: made on the first finding.
      let freeText: string | undefined;
      for (const cfg of host.configs) {
        const cpus = cfg.config.cpus;
        if (!cpus) continue;
        const lists = (typeof cpus.value === 'string' ? [cpus.value] : cpus.value).map((t) =>
          parseCpuList(t, nr),
        );
        if (lists.some((l) => l === null || l === undefined)) continue;
        const pinned = [...new Set(lists.flatMap((l) => l ?? []))].sort((a, b) => a - b);
        const shared = pinned.filter((c) => dom0Set.has(c));
        if (shared.length === 0) continue;
        if (freeText === undefined) {
          const free =
            nr !== null ? Array.from({ length: nr }, (_, i) => i).filter((c) => !dom0Set.has(c)) : [];
          freeText = free.length > 0 ? formatCpuList(free) : 'a pCPU outside dom0';
        }
        ctx.report({
          messageId: 'overlap',
          data: {
            domain: cfg.domain,
            cpus: formatCpuList(pinned),
            dom0: formatCpuList(dom0),
            shared: formatCpuList(shared),
            free: freeText,
          },
          host,
          at: { file: cpus.file, line: cpus.line, column: cfg.config.keys.cpus?.keyColumn ?? cpus.column },
          domains: [cfg.domain, 'Domain-0'],
        });
      }
    }
  },
};
