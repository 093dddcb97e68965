/** XA204: one IP address on vifs of two or more configs of a host. */
import type { Located, VifSpec } from '../../../model/index.js';
import type { AuditConfig } from '../../audit-host.js';
import type { Rule } from '../../rule.js';
import { type Member, reportPerFile } from '../../rule-helpers.js';

interface Use {
  readonly cfg: AuditConfig;
  readonly vif: Located<VifSpec>;
}

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
      // Each vif under each of its addresses (once); members are made for shared addresses only.
      const byIp = new Map<string, Use[]>();
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs) {
          const ips = v.value.ips;
          for (let i = 0; i < ips.length; i++) {
            const ip = ips[i]!;
            if (ips.indexOf(ip) !== i) continue;
            let list = byIp.get(ip);
            if (!list) byIp.set(ip, (list = []));
            list.push({ cfg, vif: v });
          }
        }
      for (const [ip, uses] of byIp) {
        if (uses.length < 2) continue;
        const members: Member[] = uses.map(({ cfg, vif }) => ({
          cfg,
          at: vif,
          detail: `vif ${vif.value.devid}`,
        }));
        reportPerFile(ctx, host, members, 'duplicate', { ip, count: members.length });
      }
    }
  },
};
