/**
 * The audit config file (`.xenscope-audit.yaml`, or `.json`): rules to disable, severity overrides,
 * thresholds and peer groups. Validated with zod `.strict()`: an unknown key is a usage error that
 * names the file and the key (style.md §3.4).
 */
import { z } from 'zod';
import { UsageError } from '../model/index.js';
import { AUDIT_SEVERITIES } from './finding.js';
import { DEFAULT_THRESHOLDS } from './rule.js';
import { findRule } from './rules/index.js';
import type { AuditSettings } from './run-audit.js';
import { parseYamlSubset, YamlSubsetError } from './yaml-subset.js';

export const AUDIT_CONFIG_NAMES = [
  '.xenscope-audit.yaml',
  '.xenscope-audit.yml',
  '.xenscope-audit.json',
] as const;

const severity = z.enum([...AUDIT_SEVERITIES, 'off']);

export const auditConfigSchema = z
  .object({
    disable: z.array(z.string()).describe('rule ids or slugs that do not run').optional(),
    severity: z
      .record(z.string(), severity)
      .describe('per rule id or slug: error, warning, info, style or off')
      .optional(),
    thresholds: z
      .object({
        cpuOvercommitRatio: z
          .number()
          .positive()
          .describe('XA301: vCPUs per pCPU allowed (default 4)')
          .optional(),
        memOvercommitRatio: z
          .number()
          .positive()
          .describe('XA401: share of guest memory allowed (default 1)')
          .optional(),
      })
      .strict()
      .optional(),
    groups: z
      .record(z.string(), z.array(z.string()))
      .describe('XA601 peer groups: name → domain names or /regex/')
      .optional(),
    groupByName: z.boolean().describe('XA601: web01, web02 … form the group web (default true)').optional(),
  })
  .strict();

export type AuditConfigFile = z.infer<typeof auditConfigSchema>;

/** Reads and checks the config text; every problem is a UsageError naming the file (and key or line). */
export function parseAuditConfig(text: string, file: string): AuditSettings {
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYamlSubset(text);
  } catch (e) {
    const line = e instanceof YamlSubsetError ? `:${e.line}` : '';
    throw new UsageError(`${file}${line}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = auditConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
      throw new UsageError(`${file}: unknown key ${keys.join(', ')}`);
    }
    throw new UsageError(`${file}: ${path || '(top level)'}: ${issue.message}`);
  }
  const c = parsed.data;
  for (const id of [...(c.disable ?? []), ...Object.keys(c.severity ?? {})])
    if (findRule(id) === undefined)
      throw new UsageError(`${file}: no rule ${id} (see xenscope audit --list-rules)`);
  for (const [group, patterns] of Object.entries(c.groups ?? {}))
    for (const p of patterns) {
      const re = /^\/(.*)\/([a-z]*)$/.exec(p);
      if (!re) continue;
      try {
        new RegExp(re[1]!, re[2]);
      } catch {
        throw new UsageError(`${file}: groups.${group}: ${p} is not a valid regular expression`);
      }
    }
  return {
    disabled: c.disable ?? [],
    severity: c.severity ?? {},
    options: {
      thresholds: { ...DEFAULT_THRESHOLDS, ...(c.thresholds ?? {}) },
      groups: c.groups ?? {},
      groupByName: c.groupByName ?? true,
    },
  };
}
