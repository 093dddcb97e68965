/**
 * Prints a parsed configuration back as canonical xl.cfg text: one `key = value` per effective
 * setting, in the order of the assignments that produced them, `+=` already applied. Reading the
 * output again gives the same values (the round-trip property the tests check), so it is also how
 * an xm file is shown in the xl syntax it would need.
 *
 * Strings are double-quoted unless they contain `"` and no `'`. Only a backslash, the quote, and
 * control characters that have a named escape are escaped; any other byte may stand in a libxlu
 * string as it is, and numeric escapes are broken in 4.17 (reference §3.1), so none is produced.
 * A newline has to be `\n`: libxlu strings cannot span lines.
 */
import type { ConfigNode, ConfigValue, DomainConfig } from '../model/config.js';

const XL_NUMBER = /^[0-9][0-9a-fx]*$/;
const XL_KEY = /^[a-z][._0-9a-z]*$/;

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

export function quoteXl(text: string): string {
  const q = text.includes('"') && !text.includes("'") ? "'" : '"';
  let out = q;
  for (const ch of text) {
    const e = ESCAPES[ch];
    if (e !== undefined) out += e;
    else if (ch === q) out += `\\${q}`;
    else out += ch;
  }
  return out + q;
}

/** A value as xl.cfg text; `hint` (the node as written) keeps bare numbers bare. */
export function printValue(value: ConfigValue, hint?: ConfigNode): string {
  if (typeof value === 'string') {
    const bare = hint?.kind === 'atom' && hint.quote === null && hint.text === value && XL_NUMBER.test(value);
    return bare ? value : quoteXl(value);
  }
  const items = value.map((v, i) => printValue(v, hint?.kind === 'list' ? hint.items[i] : undefined));
  return items.length === 0 ? '[ ]' : `[ ${items.join(', ')} ]`;
}

/** The whole configuration as canonical xl.cfg text. Keys xl could not read are left out. */
export function printConfig(config: DomainConfig): string {
  const settings = Object.values(config.keys)
    .filter((s) => XL_KEY.test(s.key))
    .sort((a, b) => a.line - b.line || a.keyColumn - b.keyColumn);
  let out = '';
  for (const s of settings) out += `${s.key} = ${printValue(s.value, s.node)}\n`;
  return out;
}
