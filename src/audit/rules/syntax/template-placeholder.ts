/**
 * XA904: a config template that was never rendered: Jinja2 `{{ x }}` / `{% if %}`, shell or Perl
 * `$var` / `${var}` / `{$var}`, autoconf `@VAR@`, and `YOUR_…` tokens. Commented lines are skipped.
 */
import type { Rule } from '../../rule.js';
import { eachConfig } from '../../rule-helpers.js';

const PLACEHOLDER_RE =
  /\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{[A-Za-z_][\w.]*\}|\{\$[A-Za-z_]\w*\}|\$[A-Za-z_]\w*|@[A-Z][A-Z0-9_]*@|\bYOUR_[A-Z0-9_]+\b|<%=?.*?%>/g;

export const rule: Rule = {
  id: 'XA904',
  name: 'template-placeholder',
  family: 'syntax',
  severity: 'error',
  summary: 'The file is an unrendered template: placeholders stand where values should be.',
  messages: {
    placeholder:
      '{{domain}}: line {{line}} holds the unrendered placeholder{{plural}} {{placeholders}}; this is a template, not a config xl can start.',
  },
  fix: 'Render the template (ansible, xen-tools, sed) and audit the result; keep templates out of /etc/xen.',
  check(ctx) {
    for (const [host, cfg] of eachConfig(ctx)) {
      const lines = cfg.text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (/^\s*#/.test(line) || !/[{$@<]|YOUR_/.test(line)) continue;
        const found = [...line.matchAll(PLACEHOLDER_RE)];
        if (found.length === 0) continue;
        const placeholders = [...new Set(found.map((m) => m[0]))];
        ctx.report({
          messageId: 'placeholder',
          data: {
            domain: cfg.domain,
            line: i + 1,
            plural: placeholders.length > 1 ? 's' : '',
            placeholders: placeholders.map((p) => `\`${p}\``).join(', '),
          },
          host,
          at: { file: cfg.file, line: i + 1, column: found[0]!.index + 1 },
          domains: [cfg.domain],
        });
      }
    }
  },
};
