/** XA502: two configs of a host with one domain name or one UUID. */

import type { AuditConfig } from '../../audit-host.js';
import type { Rule } from '../../rule.js';
import { locationOf, type Member, reportPerFile } from '../../rule-helpers.js';

export const rule: Rule = {
  id: 'XA502',
  name: 'duplicate-identity',
  family: 'lifecycle',
  severity: 'error',
  summary: 'Two configs of one host have the same domain name or the same UUID.',
  messages: {
    name: 'Domain name {{value}} is used by {{count}} configs: {{users}}. Only one can run; starting the other fails, and tools that key on the name mix them up.',
    uuid: 'UUID {{value}} is used by {{count}} configs: {{users}}. Xen refuses a second domain with a UUID already running, and management tools confuse the two.',
  },
  fix: 'Give every config its own name and uuid (uuidgen), or keep backup copies out of the config folder.',
  check(ctx) {
    for (const host of ctx.hosts) {
      const member = (cfg: AuditConfig, key: 'name' | 'uuid'): Member => ({
        cfg,
        at: locationOf(cfg, key),
        detail: key === 'name' ? 'name' : cfg.domain,
      });
      // Configs by name and by UUID; members are made only for a value used more than once.
      const byName = new Map<string, AuditConfig[]>();
      const byUuid = new Map<string, AuditConfig[]>();
      for (const cfg of host.configs) {
        const name = cfg.config.name?.value;
        if (name !== undefined) {
          const list = byName.get(name) ?? [];
          list.push(cfg);
          byName.set(name, list);
        }
        const uuid = cfg.config.uuid?.value.toLowerCase();
        if (uuid !== undefined) {
          const list = byUuid.get(uuid) ?? [];
          list.push(cfg);
          byUuid.set(uuid, list);
        }
      }
      for (const [value, cfgs] of byName)
        if (cfgs.length > 1) {
          const members = cfgs.map((c) => member(c, 'name'));
          reportPerFile(ctx, host, members, 'name', { value, count: members.length });
        }
      for (const [value, cfgs] of byUuid)
        if (cfgs.length > 1) {
          const members = cfgs.map((c) => member(c, 'uuid'));
          reportPerFile(ctx, host, members, 'uuid', { value, count: members.length });
        }
    }
  },
};
