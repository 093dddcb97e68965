/** @module report: renderers of an investigation (text, JSON, Markdown, self-contained HTML). */
export { renderText } from './text.js';
export { toJson, suspectJson } from './json.js';
export type { SuspectJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { escapeControl, escapeHtml, escapeMarkdown } from './escape.js';
