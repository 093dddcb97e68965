/** XA204: one IP address on vifs of two or more configs of a host. */
import type { Rule } from '../../rule.js';
import { type Member, reportPerFile } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA204',
  name: 'vif-duplicate-ip',
  family: 'net',
  severity: 'error',
  summary: 'Two domains on one host are given the same IP address.',
  messages: {
    duplicate:
      'IP {{ip}} is given to {{count}} vifs: {{users}}{{copies}}. The vif scripts add anti-spoofing and routes per IP, so two running guests with it fight over the address.',
  },
  fix: 'Give each domain its own address, or remove ip= from copies that are not meant to run.',
  check(ctx) {
    for (const host of ctx.hosts) {
      const byIp = new Map<string, Member[]>();
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs)
          for (const ip of new Set(v.value.ips)) {
            let list = byIp.get(ip);
            if (!list) byIp.set(ip, (list = []));
            list.push({ cfg, at: v, detail: `vif ${v.value.devid}` });
          }
      for (const [ip, members] of byIp) {
        if (members.length < 2) continue;
        reportPerFile(ctx, host, members, 'duplicate', { ip, count: members.length });
      }
    }
  },
};
