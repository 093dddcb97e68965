/**
 * XA501: `on_crash` that keeps no evidence. The default is destroy; destroy and restart throw the
 * crashed domain's memory away, so nothing is left to say why it crashed.
 */
import type { Rule } from '../../rule.js';
import { locationOf } from '../../rule-helpers.js';

const LOSING = new Set(['destroy', 'restart']);

export const rule: Rule = {
  id: 'XA501',
  name: 'crash-evidence-lost',
  family: 'lifecycle',
  severity: 'warning',
  summary:
    'on_crash destroys the crashed domain (or is absent: the default is destroy), so no evidence is kept.',
  messages: {
    absent:
      '{{domain}} has no on_crash, so a crash destroys the domain (the default) and its memory with the evidence of why it crashed.',
    losing:
      '{{domain}} has on_crash = "{{action}}": the crashed domain is destroyed without a core dump, so the evidence of why it crashed is lost.',
  },
  fix: 'Set on_crash = "coredump-restart" (dump to /var/lib/xen/dump/<name>, then restart) or "preserve" to keep the crashed domain for inspection.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        const set = cfg.config.keys.on_crash;
        const action = cfg.config.onCrash?.value ?? (typeof set?.value === 'string' ? set.value : undefined);
        if (action !== undefined && !LOSING.has(action)) continue;
        ctx.report({
          messageId: action === undefined ? 'absent' : 'losing',
          data: { domain: cfg.domain, action: action ?? 'destroy' },
          host,
          at: locationOf(cfg, set ? 'on_crash' : undefined),
          domains: [cfg.domain],
        });
      }
  },
};
