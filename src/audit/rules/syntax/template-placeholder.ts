/**
 * XA904: a config template that was never rendered: Jinja2 `{{ x }}` / `{% if %}`, shell or Perl
 * `$var` / `${var}` / `{$var}`, autoconf `@VAR@`, and `YOUR_…` tokens. Commented lines are skipped.
 */
import type { Rule } from '../../rule.js';

const PLACEHOLDER_RE =
  /\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{[A-Za-z_][\w.]*\}|\{\$[A-Za-z_]\w*\}|\$[A-Za-z_]\w*|@[A-Z][A-Z0-9_]*@|\bYOUR_[A-Z0-9_]+\b|<%=?.*?%>/g;

/** A character (or `YOUR_`) without which a line holds no placeholder. */
const TRIGGER_RE = /[{$@<]|YOUR_/g;

/** Where the first trigger at or after `from` is, -1 when there is none. */
function firstTrigger(text: string, from: number): number {
  TRIGGER_RE.lastIndex = from;
  const m = TRIGGER_RE.exec(text);
  return m === null ? -1 : m.index;
}

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
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        // Only lines with one of the characters a placeholder needs are read: found with one
        // scan of the text, not by splitting every file into lines.
        const text = cfg.text;
        let lineNo = 1;
        let counted = 0;
        for (let at = firstTrigger(text, 0); at >= 0; ) {
          const start = text.lastIndexOf('\n', at - 1) + 1;
          const nl = text.indexOf('\n', at);
          const end = nl < 0 ? text.length : nl;
          for (let k = text.indexOf('\n', counted); k >= 0 && k < start; k = text.indexOf('\n', k + 1))
            lineNo++;
          counted = start;
          const i = lineNo - 1;
          const line = text.slice(start, end);
          at = nl < 0 ? -1 : firstTrigger(text, nl + 1);
          if (/^\s*#/.test(line)) continue;
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
