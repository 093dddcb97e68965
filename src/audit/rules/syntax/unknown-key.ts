/**
 * XA902: a key xl 4.17 does not know. xl ignores unknown keys silently (reference §3.2), so a typo
 * (`vcpu`, `maxmemory`) or an xm-only key (`cpu_cap`) has no effect at all.
 */
import { didYouMean, XL_KEYS } from '../../known-keys.js';
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA902',
  name: 'unknown-key',
  family: 'syntax',
  severity: 'warning',
  summary: 'A key xl does not know: it is silently ignored.',
  messages: {
    unknown: '{{domain}}: xl does not know the key `{{key}}` and ignores it; did you mean `{{suggestion}}`?',
    unknownNoSuggestion: '{{domain}}: xl does not know the key `{{key}}` and ignores it.',
    xmOnly: '{{domain}}: `{{key}}` is an xm key that xl ignores ({{why}}).',
  },
  fix: 'Rename it to the xl key ({{suggestion}}), or remove it (see xl.cfg(5)).',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        // xm files bind helper variables too; xl never reads them, so only xl files are checked.
        if (cfg.config.dialect !== 'xl') continue;
        // Unknown keys already reported for this file (made on its first unknown key).
        let seen: Set<string> | undefined;
        // Where xm-only keys are, made on the file's first unknown key (most files have none).
        let xmOnly: Map<string, string> | undefined;
        for (const a of cfg.config.assignments) {
          if (XL_KEYS.has(a.key) || seen?.has(a.key)) continue;
          (seen ??= new Set()).add(a.key);
          xmOnly ??= new Map(
            cfg.config.errors
              .filter((e) => e.code === 'xm-only-key')
              .map((e) => [`${e.line}:${e.column}`, e.message]),
          );
          const why = xmOnly.get(`${a.line}:${a.keyColumn}`);
          const suggestion = didYouMean(a.key);
          ctx.report({
            messageId: why !== undefined ? 'xmOnly' : suggestion !== null ? 'unknown' : 'unknownNoSuggestion',
            data: {
              domain: cfg.domain,
              key: a.key,
              suggestion: suggestion ?? 'nothing similar',
              why: why ?? '',
            },
            host,
            at: { file: cfg.file, line: a.line, column: a.keyColumn },
            domains: [cfg.domain],
          });
        }
      }
  },
};
