/** Guest console text is attacker-controlled: it is data, escaped for every output. */

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** For terminals and Markdown: control characters become visible `\xNN`. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** For HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return escapeControl(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * For Markdown: control characters; `&`, `<`, `>` as entities (no inline HTML survives, whatever
 * the renderer); then a backslash before every character Markdown could act on.
 */
export function escapeMarkdown(s: string): string {
  return escapeControl(s)
    .replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`);
}
