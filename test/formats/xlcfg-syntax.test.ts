import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/formats/xlcfg.js';
import { dequoteXl, lexXl } from '../../src/formats/xlcfg-lexer.js';
import { parseXlSyntax } from '../../src/formats/xlcfg-syntax.js';
import type { ConfigValue } from '../../src/model/config.js';

const F = '/etc/xen/t.cfg';
const values = (text: string): Record<string, ConfigValue> => {
  const c = parseConfigText(text, F);
  return Object.fromEntries(Object.entries(c.keys).map(([k, s]) => [k, s.value]));
};
/** Issues other than the missing `name` (most snippets here have none). */
const issues = (text: string) => parseConfigText(text, F).errors.filter((e) => e.code !== 'no-name');

describe('xl grammar: the verified edge cases of reference §3.1', () => {
  it('`;` and newlines end statements', () => {
    expect(values('a = 1; b = 2;c=3\n')).toEqual({ a: '1', b: '2', c: '3' });
  });
  it('lists span lines with comments, blank lines and a trailing comma', () => {
    expect(values('a = [ "x",\n "y",   # c\n\n "z", ]\n')).toEqual({ a: ['x', 'y', 'z'] });
  });
  it('lists nest and numbers become strings', () => {
    expect(values('a = [ ["p","q"], "r", 5 ]\n')).toEqual({ a: [['p', 'q'], 'r', '5'] });
  });
  it('+= concatenates strings and appends lists; the last assignment wins', () => {
    expect(values('a = "foo"\na += "bar"\n')).toEqual({ a: 'foobar' });
    expect(values('a = [ "x" ]\na += [ "y", "z" ]\n')).toEqual({ a: ['x', 'y', 'z'] });
    expect(values('a = 1\na = 2\n')).toEqual({ a: '2' });
  });
  it('keeps overridden assignments for audits', () => {
    const c = parseConfigText('boot = "cd"\nboot = "dc"\n', F);
    expect(c.assignments.map((s) => [s.value, s.line])).toEqual([
      ['cd', 1],
      ['dc', 2],
    ]);
    expect(c.keys.boot).toMatchObject({ value: 'dc', line: 2, column: 8, keyColumn: 1 });
  });
  it('allows the other quote inside a string', () => {
    expect(values(`a = "it's"\nb = 'say "hi"'\n`)).toEqual({ a: "it's", b: 'say "hi"' });
  });
  it('parses a huge number, which only fails when read as a number', () => {
    const c = parseConfigText('name = "x"\nmemory = 99999999999999999999\n', F);
    expect(c.keys.memory!.value).toBe('99999999999999999999');
    expect(c.memoryMiB).toBeUndefined();
    expect(c.errors.map((e) => e.message)).toEqual([
      "warning: parameter `memory' could not be parsed as a number: Numerical result out of range",
    ]);
  });
  it('mixing += of a list and a string is an error', () => {
    const e = issues('a = "x"\na += [ "y" ]\n');
    expect(e.map((i) => [i.code, i.line, i.xlWouldReject])).toContainEqual(['plus-equals-type', 2, true]);
    expect(e.find((i) => i.code === 'plus-equals-type')!.message).toBe(
      `config parsing error near <newline>: can't add [list] to "string" or vice versa`,
    );
  });

  const rejected: [string, string, number, number][] = [
    ['A = 1\n', "config parsing error near `A': lexical error", 1, 1],
    ['key-dash = 2\n', "config parsing error near `-dash': lexical error", 1, 4],
    ['a = -1\n', "config parsing error near `-1': lexical error", 1, 5],
    ['a = 1.5\n', "config parsing error near `.5': lexical error", 1, 6],
    [
      'a = foo\n',
      "config parsing error near `foo': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['",
      1,
      5,
    ],
    ['a = "multi\nline"\n', 'config parsing error near `"multi\': lexical error', 1, 5],
    ['a = 1 \\\n + 2\n', "config parsing error near `\\': lexical error", 1, 7],
    ['a = 1 b = 2\n', "config parsing error near `b': syntax error, unexpected IDENT, expecting $end", 1, 7],
    ['a = [,]\n', "config parsing error near `,': syntax error, unexpected ',', expecting ']'", 1, 6],
  ];
  for (const [text, message, line, column] of rejected) {
    it(`rejects ${JSON.stringify(text)} with xl's message`, () => {
      const first = parseXlSyntax(text, F).issues[0]!;
      expect(first).toMatchObject({ message, line, column, xlWouldReject: true, severity: 'error' });
    });
  }

  it('reads the Python-valid ones among them as xm instead', () => {
    for (const text of ['a = -1\n', 'a = 1.5\n', 'a = foo\n', 'a = 1 \\\n + 2\n'])
      expect(parseConfigText(text, F).dialect).toBe('xm');
    for (const text of ['A = 1\n', 'key-dash = 2\n', 'a = "multi\nline"\n', 'a = 1 b = 2\n', 'a = [,]\n'])
      expect(parseConfigText(text, F).dialect).toBe('xl');
  });

  it('rejects CRLF files once, naming the CR, and still reads them', () => {
    const c = parseConfigText('name = "crlf"\r\n# comment\r\nmemory = 512\r\n', F);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ code: 'crlf', line: 1, column: 14, xlWouldReject: true });
    expect(c.errors[0]!.message).toContain('2 line(s)');
    expect(c.name?.value).toBe('crlf');
    expect(c.memoryMiB?.value).toBe(512);
  });

  it('rejects a comment on the last line without a final newline, and keeps the file', () => {
    const c = parseConfigText('name = "x"\nmemory = 256\n#boot = "d"', F);
    expect(c.errors.map((e) => [e.code, e.line, e.message])).toEqual([
      [
        'comment-without-newline',
        3,
        "config parsing error near `#boot': lexical error (a comment on the last line needs a final newline)",
      ],
    ]);
    expect(c.memoryMiB?.value).toBe(256);
  });

  it('accepts a last assignment without a newline', () => {
    expect(parseConfigText('name = "x"\nboot="c"', F).errors).toEqual([]);
  });

  it('adds the Python warning when a rejected file has +-.():', () => {
    const e = issues('name = "x"\nmemory = 512 * 2 + 1\n');
    expect(e.map((i) => i.code)).toEqual(['xm-python']);
    const xl = issues('name = "x"\nkey-dash = 2\n');
    expect(xl.map((i) => i.code)).toEqual(['lexical-error', 'looks-like-python']);
    expect(xl[1]!.message).toContain('Config file looks like it contains Python code.');
  });
});

describe('recovery: one bad line never hides the rest', () => {
  it('skips a bad statement and reads the following ones', () => {
    const c = parseConfigText(
      'install-method = debootstrap\nName = "x"\nname = "web"\ndisk = [ "phy:/dev/vg/web,xvda,w" ]\n',
      F,
    );
    expect(c.errors.filter((e) => e.severity === 'error').map((e) => [e.line, e.column])).toEqual([
      [1, 8],
      [2, 1],
    ]);
    expect(c.name?.value).toBe('web');
    expect(c.disks.map((d) => d.value.target)).toEqual(['/dev/vg/web']);
  });

  it('drops a bad list element and keeps the good ones, marking the setting recovered', () => {
    const c = parseConfigText(
      'name = "x"\ndisk = [\n  "phy:/dev/vg/a,xvda,w",\n  phy:/dev/vg/b,xvdb,w,\n  "phy:/dev/vg/c,xvdc,w",\n]\nvif = [ "bridge=br0" ]\n',
      F,
    );
    expect(c.disks.map((d) => [d.value.target, d.line])).toEqual([
      ['/dev/vg/a', 3],
      ['/dev/vg/c', 5],
    ]);
    expect(c.keys.disk!.recovered).toBe(true);
    expect(c.vifs).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ line: 4, code: 'syntax-error' });
  });

  it('ends a list that is never closed at the next `key =` line', () => {
    const c = parseConfigText('disk = [ "phy:/dev/vg/a,xvda,w",\nname = "x"\nmemory = 128\n', F);
    expect(c.disks).toHaveLength(1);
    expect(c.name?.value).toBe('x');
    expect(c.memoryMiB?.value).toBe(128);
    expect(c.errors[0]!.message).toBe(
      "config parsing error near `name': syntax error, unexpected IDENT, expecting ']'",
    );
  });

  it('names the line xl names for an error at a newline (one above, a libxlu quirk)', () => {
    const e = issues('name = "x"\nmemory =\n')[0]!;
    expect(e.line).toBe(2);
    expect(e.xlText).toBe(
      `${F}:1: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['`,
    );
  });
});

describe('strings: escapes and the 4.17 quirks', () => {
  it('decodes the listed escapes', () => {
    expect(dequoteXl(String.raw`"a\"b\'c\\d\n\t"`)).toEqual({ value: 'a"b\'c\\d\n\t' });
  });
  it('drops octal escapes silently and fails hex escapes', () => {
    expect(dequoteXl(String.raw`"A\101B"`)).toEqual({ value: 'AB' });
    expect(dequoteXl(String.raw`"A\x41B"`).problem).toBe(
      'invalid digit after backslash hexnumerical character escape in quoted string',
    );
    expect(dequoteXl(String.raw`"A\qB"`).problem).toBe('invalid character after backlash in quoted string');
  });
  it('reports a bad escape as a lexical error and keeps the statement', () => {
    const c = parseConfigText(String.raw`name = "a\qb"` + '\nmemory = 64\n', F);
    expect(c.errors[0]).toMatchObject({ code: 'bad-escape', line: 1, column: 8 });
    expect(c.memoryMiB?.value).toBe(64);
  });
});

describe('lexXl', () => {
  it('places every token', () => {
    const { tokens } = lexXl('a.b_2 = [ 0x10, "s" ] # c\n', F);
    expect(tokens.map((t) => [t.kind, t.value, t.line, t.column])).toEqual([
      ['ident', 'a.b_2', 1, 1],
      ['=', '=', 1, 7],
      ['[', '[', 1, 9],
      ['number', '0x10', 1, 11],
      [',', ',', 1, 15],
      ['string', 's', 1, 17],
      [']', ']', 1, 21],
      ['newline', '# c', 1, 23],
      ['eof', '', 2, 1],
    ]);
  });
});
