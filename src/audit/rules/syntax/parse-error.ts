/**
 * XA901: what xl cannot parse or refuses, with xl's own message, line and column: grammar errors,
 * bad disk and vif specs, wrong types xl rejects, and xm files xl cannot read at all. `w!` modes are
 * XA102's and unevaluated xm expressions XA903's.
 */
import type { Rule } from '../../rule.js';

const OTHER_RULES = new Set(['xm-unevaluated']);

export const rule: Rule = {
  id: 'XA901',
  name: 'parse-error',
  family: 'syntax',
  severity: 'error',
  summary: 'xl cannot parse this config, or refuses part of it.',
  messages: {
    rejected: '{{domain}}: {{message}} [{{code}}]; `xl create` fails on this file.',
  },
  fix: '{{hint}} Check the result with `xl create -n FILE`.',
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        if (cfg.config.errors.length === 0) continue;
        // Lines of forced-shared disks (`w!`), made only for a file with a disk-spec error.
        let forced: Set<number> | undefined;
        for (const issue of cfg.config.errors) {
          if (!issue.xlWouldReject || issue.severity !== 'error' || OTHER_RULES.has(issue.code)) continue;
          if (issue.code === 'disk-spec-xl' || issue.code === 'disk-spec') {
            forced ??= new Set(
              cfg.config.disks.filter((d) => d.value.access?.endsWith('!')).map((d) => d.line),
            );
            if (forced.has(issue.line)) continue;
          }
          ctx.report({
            messageId: 'rejected',
            data: {
              domain: cfg.domain,
              message: issue.message.replace(/\s+/g, ' ').trim(),
              code: issue.code,
              hint: hintFor(issue.code),
            },
            host,
            at: { file: cfg.file, line: issue.line, column: issue.column },
            domains: [cfg.domain],
          });
        }
      }
  },
};

function hintFor(code: string): string {
  switch (code) {
    case 'crlf':
      return 'Convert the file to Unix line endings (dos2unix): xl rejects carriage returns.';
    case 'comment-without-newline':
      return 'End the file with a newline.';
    case 'xm-python':
    case 'xm-syntax-error':
      return 'Rewrite the file in xl syntax: plain key = value lines, quoted strings, no Python expressions.';
    case 'disk-spec':
    case 'disk-spec-xl':
      return "Write the disk as 'format=raw, vdev=xvda, access=rw, target=/dev/vg/lv' (target last).";
    case 'vif-spec':
      return "Fix the vif item xl names, e.g. 'mac=00:16:3e:01:02:03, bridge=xenbr0, rate=100Mb/s'.";
    case 'no-name':
      return 'Add name = "…": xl requires it.';
    default:
      return 'Correct the place xl names (xl.cfg(5)).';
  }
}
