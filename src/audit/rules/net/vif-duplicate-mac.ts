/** XA202: one MAC address on vifs of two or more configs of a host (or twice in one). */
import type { Rule } from '../../rule.js';
import { type Member, reportPerFile } from '../../rule-helpers.js';

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
      const byMac = new Map<string, Member[]>();
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs) {
          const mac = v.value.macNormalized;
          if (mac === null) continue;
          let list = byMac.get(mac);
          if (!list) byMac.set(mac, (list = []));
          list.push({ cfg, at: v, detail: `vif ${v.value.devid}` });
        }
      for (const [mac, members] of byMac) {
        if (members.length < 2) continue;
        reportPerFile(ctx, host, members, 'duplicate', { mac, count: members.length });
      }
    }
  },
};
