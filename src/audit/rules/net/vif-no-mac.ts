/** XA203: a vif without `mac=`: xl picks a random 00:16:3e MAC at every start. */
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA203',
  name: 'vif-no-mac',
  family: 'net',
  severity: 'info',
  summary: 'A vif has no fixed MAC address, so it gets a new random one at every start.',
  messages: {
    noMac:
      "{{domain}}'s vif {{devid}} has no mac=: xl gives it a random MAC at every start, so DHCP leases, firewall rules and the guest's interface name may change.",
  },
  fix: "Add a fixed MAC, e.g. 'mac=00:16:3e:xx:xx:xx', unique on the host.",
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs) {
          if (v.value.mac !== null || v.value.errors.length > 0) continue;
          ctx.report({
            messageId: 'noMac',
            data: { domain: cfg.domain, devid: v.value.devid },
            host,
            at: v,
            domains: [cfg.domain],
          });
        }
  },
};
