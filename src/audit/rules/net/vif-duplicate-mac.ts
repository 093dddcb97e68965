/** XA202: one MAC address on vifs of two or more configs of a host (or twice in one). */
import type { Located, VifSpec } from '../../../model/index.js';
import type { AuditConfig } from '../../audit-host.js';
import type { Rule } from '../../rule.js';
import { type Member, reportPerFile } from '../../rule-helpers.js';

interface Use {
  readonly cfg: AuditConfig;
  readonly vif: Located<VifSpec>;
}

export const rule: Rule = {
  id: 'XA202',
  name: 'vif-duplicate-mac',
  family: 'net',
  severity: 'error',
  summary: 'Two vifs on one host have the same MAC address.',
  messages: {
    duplicate:
      "MAC {{mac}} is on {{count}} vifs: {{users}}{{copies}}. Two running guests with one MAC break each other's traffic on the bridge.",
  },
  fix: 'Give every vif its own MAC (00:16:3e:xx:xx:xx, unique per host), or omit mac= on copies that are not meant to run.',
  check(ctx) {
    for (const host of ctx.hosts) {
      // Members are made for shared MACs only.
      const byMac = new Map<string, Use[]>();
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs) {
          const mac = v.value.macNormalized;
          if (mac === null) continue;
          let list = byMac.get(mac);
          if (!list) byMac.set(mac, (list = []));
          list.push({ cfg, vif: v });
        }
      for (const [mac, uses] of byMac) {
        if (uses.length < 2) continue;
        const members: Member[] = uses.map(({ cfg, vif }) => ({
          cfg,
          at: vif,
          detail: `vif ${vif.value.devid}`,
        }));
        reportPerFile(ctx, host, members, 'duplicate', { mac, count: members.length });
      }
    }
  },
};
