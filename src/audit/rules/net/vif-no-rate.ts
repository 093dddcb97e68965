/** XA201: a vif without `rate=` on a bridge other domains share (reference §3.5, §3.6). */
import type { Rule } from '../../rule.js';
import { shortList } from '../../rule.js';

const DEFAULT_BRIDGE = 'xenbr0';

/** The bridge a vif is on: `bridge=` up to a `:`, else xl's default. */
function bridgeOf(bridge: string | null): string {
  if (bridge === null) return DEFAULT_BRIDGE;
  const colon = bridge.indexOf(':');
  return colon < 0 ? bridge : bridge.slice(0, colon);
}

export const rule: Rule = {
  id: 'XA201',
  name: 'vif-no-rate',
  family: 'net',
  severity: 'warning',
  summary: 'A vif has no rate= limit on a bridge that other domains share.',
  messages: {
    noRate:
      "{{domain}}'s vif {{devid}} on bridge {{bridge}} has no rate=, and {{others}} share the bridge: a burst of traffic from {{domain}} can starve them.",
  },
  fix: "Add a limit to the vif, e.g. 'bridge={{bridge}}, rate=100Mb/s@20ms' (rate= limits what the guest sends).",
  check(ctx) {
    for (const host of ctx.hosts) {
      const byBridge = new Map<string, Set<string>>();
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs) {
          const b = bridgeOf(v.value.bridge);
          let s = byBridge.get(b);
          if (!s) byBridge.set(b, (s = new Set()));
          s.add(cfg.domain);
        }
      for (const cfg of host.configs)
        for (const v of cfg.config.vifs) {
          if (v.value.rate !== null || v.value.errors.length > 0) continue;
          const bridge = bridgeOf(v.value.bridge);
          const on = byBridge.get(bridge) ?? new Set<string>();
          if (on.size - (on.has(cfg.domain) ? 1 : 0) === 0) continue;
          const others: string[] = [];
          for (const d of on) {
            if (d !== cfg.domain) others.push(d);
            if (others.length > 8) break;
          }
          ctx.report({
            messageId: 'noRate',
            data: {
              domain: cfg.domain,
              devid: v.value.devid,
              bridge,
              others:
                on.size - 1 > 8
                  ? `${others.slice(0, 8).join(', ')} and ${on.size - 9} more`
                  : shortList(others),
            },
            host,
            at: v,
            domains: [cfg.domain].concat(others.length > 8 ? others.slice(0, 8) : others),
          });
        }
    }
  },
};
