/** XA102: xm's `w!`/`rw!` disk mode, which skips the hotplug script's sharing check (reference §3.4). */
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA102',
  name: 'disk-forced-sharing',
  family: 'disk',
  severity: 'error',
  summary: 'A disk uses the forced-sharing mode `w!`, which skips the check that refuses a second writer.',
  messages: {
    xm: "{{domain}}'s disk '{{spec}}' uses mode {{mode}}: xm attached it even when another domain already had the device, skipping the block script's sharing check; xl rejects the mode.",
    xl: "{{domain}}'s disk '{{spec}}' uses mode {{mode}}, which xl does not accept: `xl create` fails with \"unknown value for access\".",
  },
  fix: 'Use access=rw and give the device to one domain only; for a deliberately shared disk use a cluster filesystem and read-only access for the others.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        // The reader marks a file xm when its only xm trait is this mode: then it is an xl file.
        const reasons = cfg.config.styleReasons;
        const xmFile = reasons.length > 0 && reasons.some((r) => !/disk mode `[^`]*!`/.test(r));
        for (const d of cfg.config.disks) {
          const mode = d.value.access;
          if (mode === null || !mode.endsWith('!')) continue;
          ctx.report({
            messageId: xmFile ? 'xm' : 'xl',
            data: { domain: cfg.domain, spec: d.value.raw, mode },
            host,
            at: d,
            domains: [cfg.domain],
          });
        }
      }
  },
};
