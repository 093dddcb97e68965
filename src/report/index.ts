/** @module report: renderers of an investigation (text, JSON, Markdown, self-contained HTML). */

export { escapeControl, escapeHtml, escapeMarkdown } from './escape.js';
export { renderHtml } from './html.js';
export type { SuspectJson } from './json.js';
export { suspectJson, toJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { renderText } from './text.js';
