/** XA903: an xm (Python) setting whose value needs Python to compute, so no reader but xm knows it. */
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA903',
  name: 'xm-unevaluated',
  family: 'syntax',
  severity: 'warning',
  summary:
    'An xm setting depends on Python that cannot be evaluated; its value (and every check on it) is unknown.',
  messages: {
    unevaluated: '{{domain}}: {{message}}; the audit cannot check this setting, and xl cannot read it.',
  },
  fix: 'Replace the expression with the literal value it produces on this host, in xl syntax.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs)
        for (const issue of cfg.config.errors) {
          if (issue.code !== 'xm-unevaluated') continue;
          ctx.report({
            messageId: 'unevaluated',
            data: { domain: cfg.domain, message: issue.message.replace(/^line \d+: /, '') },
            host,
            at: { file: cfg.file, line: issue.line, column: issue.column },
            domains: [cfg.domain],
          });
        }
  },
};
