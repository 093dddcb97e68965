/** `--explain ID` and `--list-rules` text, from a rule's own metadata. */
import type { Rule } from './rule.js';

export function explainRule(rule: Rule): string {
  const out = [
    `${rule.id} ${rule.name} (${rule.family}, ${rule.severity})`,
    '',
    rule.summary,
    ...(rule.needs ? ['', `Needs: ${rule.needs}.`] : []),
    '',
    'Messages:',
    ...Object.entries(rule.messages).map(([id, text]) => `  ${id}: ${text}`),
    '',
    `Fix: ${rule.fix}`,
    '',
    `Suppress one finding: # xenscope: ignore=${rule.id} reason="…" on the line before it.`,
  ];
  return `${out.join('\n')}\n`;
}

export function listRules(rules: readonly Rule[]): string {
  const w = Math.max(...rules.map((r) => r.name.length));
  return `${rules
    .map(
      (r) =>
        `${r.id}  ${r.name.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.summary}${r.needs ? ` [needs ${r.needs}]` : ''}`,
    )
    .join('\n')}\n`;
}
