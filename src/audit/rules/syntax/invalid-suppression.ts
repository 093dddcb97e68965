/** XA905: an `# xenscope: ignore=…` pragma that suppresses nothing: no reason, or no known rule. */
import type { Rule } from '../../rule.js';
import { readPragmas } from '../../suppression.js';

export const rule: Rule = {
  id: 'XA905',
  name: 'invalid-suppression',
  family: 'syntax',
  severity: 'warning',
  summary:
    'A suppression pragma is malformed, gives no reason, or names no known rule; it suppresses nothing.',
  messages: {
    malformed: 'This `# xenscope:` pragma {{problem}}; it suppresses nothing.',
    unknownRule: 'This pragma names {{id}}, which is no xenscope rule; it suppresses nothing for it.',
  },
  fix: 'Write `# xenscope: ignore=XA101 reason="why this is fine"` on the line before the finding.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs)
        for (const p of readPragmas(cfg.text)) {
          const at = { file: cfg.file, line: p.line, column: p.column };
          if (p.problem !== null) {
            ctx.report({
              messageId: 'malformed',
              data: { problem: p.problem },
              host,
              at,
              domains: [cfg.domain],
            });
            continue;
          }
          for (const id of p.ids)
            if (!ctx.knownRuleIds.has(id) && !ctx.knownRuleIds.has(id.toUpperCase()))
              ctx.report({ messageId: 'unknownRule', data: { id }, host, at, domains: [cfg.domain] });
        }
  },
};
