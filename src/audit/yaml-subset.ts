/**
 * The YAML the audit config needs, without a YAML library: block mappings, block sequences of
 * scalars, flow sequences `[a, b]`, plain / single- / double-quoted scalars, numbers, booleans,
 * `null`, and comments. Anything else (anchors, multi-line strings, flow mappings) is an error with
 * its line, never a silent misreading. A document that is JSON is read as JSON (JSON is YAML).
 */

export class YamlSubsetError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) return s.slice(0, i);
  }
  return s;
}

function scalar(raw: string, no: number): unknown {
  const t = raw.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t);
    } catch {
      throw new YamlSubsetError(no, `bad double-quoted string ${t}`);
    }
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlSubsetError(no, `bad single-quoted string ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) throw new YamlSubsetError(no, `a flow sequence must end on its line: ${t}`);
    const body = t.slice(1, -1).trim();
    if (body === '') return [];
    const items: string[] = [];
    let cur = '';
    let quote: string | null = null;
    for (const c of body) {
      if (quote) {
        cur += c;
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
        cur += c;
      } else if (c === ',') {
        items.push(cur);
        cur = '';
      } else cur += c;
    }
    items.push(cur);
    return items.map((i) => scalar(i, no));
  }
  if (/^[{&*!|>]/.test(t))
    throw new YamlSubsetError(no, `unsupported YAML (${t[0]}); use JSON syntax or plain values`);
  return t;
}

export function parseYamlSubset(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      throw new YamlSubsetError(1, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const lines: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = stripComment(raw.replace(/\r$/, '')).replace(/\s+$/, '');
    if (s.trim() === '' || s.trim() === '---') return;
    if (/^\t/.test(s)) throw new YamlSubsetError(i + 1, 'tabs cannot indent YAML');
    lines.push({ no: i + 1, indent: s.length - s.trimStart().length, text: s.trim() });
  });
  let pos = 0;
  const block = (indent: number): unknown => {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    if (first.text.startsWith('- ') || first.text === '-') {
      const out: unknown[] = [];
      while (pos < lines.length && lines[pos]!.indent === first.indent && lines[pos]!.text.startsWith('-')) {
        const l = lines[pos++]!;
        const rest = l.text.slice(1).trim();
        if (rest === '') out.push(block(first.indent + 1));
        else if (/^[^"'[][^:]*:(\s|$)/.test(rest))
          throw new YamlSubsetError(l.no, 'mappings inside sequences are not supported; use JSON syntax');
        else out.push(scalar(rest, l.no));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    while (pos < lines.length && lines[pos]!.indent === first.indent) {
      const l = lines[pos++]!;
      const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(l.text);
      if (!m) throw new YamlSubsetError(l.no, `expected \`key: value\`, got ${l.text}`);
      const key = String(scalar(m[1]!, l.no));
      if (key in out) throw new YamlSubsetError(l.no, `key ${key} given twice`);
      const value = m[2];
      if (value !== undefined && value !== '') out[key] = scalar(value, l.no);
      else {
        const next = lines[pos];
        out[key] =
          next && (next.indent > l.indent || (next.indent === l.indent && next.text.startsWith('-')))
            ? block(next.indent)
            : null;
      }
    }
    return out;
  };
  const doc = block(0);
  if (pos < lines.length)
    throw new YamlSubsetError(lines[pos]!.no, `unexpected indentation: ${lines[pos]!.text}`);
  return doc ?? {};
}
