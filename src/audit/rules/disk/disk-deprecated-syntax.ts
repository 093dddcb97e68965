/**
 * XA106: disk specs in the deprecated forms xl still reads: prefixes (`phy:`, `file:`, `tap:aio:`),
 * `hdc:cdrom`, and xm's positional order. The key=value form says what it means.
 */
import type { DiskSpec } from '../../../model/index.js';
import type { Rule } from '../../rule.js';

/** The same disk in xl's key=value form (`target=` last: it takes the rest of the string). */
export function keyValueSpec(s: DiskSpec): string {
  const parts: string[] = [];
  if (s.format !== 'raw' && s.format !== 'empty') parts.push(`format=${s.format}`);
  if (s.vdev !== null) parts.push(`vdev=${s.vdev.replace(/:cdrom$/, '')}`);
  parts.push(`access=${s.readwrite ? 'rw' : 'ro'}`);
  if (s.cdrom) parts.push('devtype=cdrom');
  if (s.backendtype !== null) parts.push(`backendtype=${s.backendtype}`);
  if (s.script !== null) parts.push(`script=${s.script}`);
  if (s.backend !== null) parts.push(`backend=${s.backend}`);
  if (s.target !== null && s.target !== '') parts.push(`target=${s.target}`);
  return parts.join(', ');
}

const CDROM_SUFFIX_RE = /(?:^|,)\s*([a-z0-9]+:cdrom)\s*(?:,|$)/;

export const rule: Rule = {
  id: 'XA106',
  name: 'disk-deprecated-syntax',
  family: 'disk',
  severity: 'style',
  summary: 'A disk spec uses a deprecated prefix or form that xl reads differently from what it says.',
  messages: {
    prefix:
      "{{domain}}'s disk '{{spec}}' uses the deprecated prefix {{prefix}}, which xl strips (it does not choose the backend).",
    cdromSuffix: "{{domain}}'s disk '{{spec}}' uses the deprecated `{{vdev}}` form for a CD-ROM.",
  },
  fix: "Write it as '{{keyValue}}'.",
  check(ctx) {
    for (const host of ctx.hosts)
      for (const cfg of host.configs) {
        for (const d of cfg.config.disks) {
          const s = d.value;
          if (s.errors.length > 0) continue;
          if (s.prefix.length === 0 && !s.raw.includes(':cdrom')) continue;
          // Each finding's data is made whole (domain, spec, keyValue, then the extra key), not
          // spread from a shared part: one object per finding, in the same key order.
          if (s.prefix.length > 0)
            ctx.report({
              messageId: 'prefix',
              data: {
                domain: cfg.domain,
                spec: s.raw,
                keyValue: keyValueSpec(s),
                prefix: s.prefix.length === 1 ? s.prefix[0]! : s.prefix.join(''),
              },
              host,
              at: d,
              domains: [cfg.domain],
            });
          else {
            const suffix = CDROM_SUFFIX_RE.exec(s.raw);
            if (suffix)
              ctx.report({
                messageId: 'cdromSuffix',
                data: { domain: cfg.domain, spec: s.raw, keyValue: keyValueSpec(s), vdev: suffix[1]! },
                host,
                at: d,
                domains: [cfg.domain],
              });
          }
        }
      }
  },
};
