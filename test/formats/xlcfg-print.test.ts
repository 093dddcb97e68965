import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigText, xlcfgFormat } from '../../src/formats/xlcfg.js';
import { printConfig, printValue, quoteXl } from '../../src/formats/xlcfg-print.js';
import type { ConfigValue, DomainConfig } from '../../src/model/config.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { listFilesRecursive, sharedPath } from '../helpers/shared.js';

const F = 'gen.cfg';
const valuesOf = (c: DomainConfig): Record<string, ConfigValue> =>
  Object.fromEntries(Object.entries(c.keys).map(([k, s]) => [k, s.value]));
/** Devices without positions: what must survive a print → parse round trip. */
const devicesOf = (c: DomainConfig) => ({
  disks: c.disks.map((d) => d.value),
  vifs: c.vifs.map((v) => v.value),
});

describe('printValue / printConfig', () => {
  it('quotes strings so that libxlu reads them back', () => {
    expect(quoteXl('plain')).toBe('"plain"');
    expect(quoteXl('say "hi"')).toBe(`'say "hi"'`);
    expect(quoteXl(`both ' and "`)).toBe(`"both ' and \\""`);
    expect(quoteXl('a\\b\nc\td')).toBe('"a\\\\b\\nc\\td"');
  });
  it('keeps bare numbers bare and nests lists', () => {
    const c = parseConfigText('memory = 512\nvcpus = "2"\ncpus = [ ["0", 1], [] ]\n', F);
    expect(printValue(c.keys.memory!.value, c.keys.memory!.node)).toBe('512');
    expect(printValue(c.keys.vcpus!.value, c.keys.vcpus!.node)).toBe('"2"');
    expect(printValue(c.keys.cpus!.value, c.keys.cpus!.node)).toBe('[ [ "0", 1 ], [ ] ]');
  });
  it('prints the effective settings in file order, += applied', () => {
    const c = parseConfigText('name = "a"\nextra = "x"\nmemory = 1\nextra += " y"\nmemory = 2\n', F);
    expect(printConfig(c)).toBe('name = "a"\nextra = "x y"\nmemory = 2\n');
  });
  it('prints an xm file as the xl it would need', () => {
    const c = parseConfigText(
      'base = "/dev/vg0/"\nname = "x"\nmemory = 256 * 2\ndisk = [ "phy:" + base + "x,xvda,w" ]\n',
      F,
    );
    expect(printConfig(c)).toBe(
      'base = "/dev/vg0/"\nname = "x"\nmemory = 512\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\n',
    );
  });
  it('round-trips every corpus file', () => {
    const dir = sharedPath('corpus', 'xen-configs');
    for (const p of listFilesRecursive(dir)) {
      if (['README.md', 'index.tsv'].includes(basename(p))) continue;
      const first = parseConfigText(readFileSync(p, 'utf8'), relative(dir, p));
      const again = parseConfigText(printConfig(first), relative(dir, p));
      expect(valuesOf(again)).toEqual(valuesOf(first));
      expect(devicesOf(again)).toEqual(devicesOf(first));
    }
  });
});

// --- generated configurations ----------------------------------------------------------------

const keyArb = fc.stringMatching(/^[a-z][a-z0-9_.]{0,7}$/);
const numberArb = fc.oneof(fc.nat({ max: 1 << 20 }).map(String), fc.stringMatching(/^[0-9][0-9a-fx]{0,6}$/));
const textArb = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    'phy:/dev/vg0/a,xvda,w',
    '/dev/vg/b,raw,xvdb,rw',
    ',hdc:cdrom,r',
    'target=/srv/a,b.img,vdev=xvdc',
  ),
  fc.constantFrom(
    'mac=00:16:3e:00:00:01,bridge=xenbr0',
    'bridge=br0,rate=10Mb/s@20ms',
    'ip=10.0.0.1 ,mac=00:16:3E:76:47:D3',
    '',
  ),
);
type Gen =
  | { kind: 'num'; v: string }
  | { kind: 'str'; v: string; q: '"' | "'" }
  | { kind: 'list'; items: Gen[]; trailing: boolean; multiline: boolean };
const { value: genArb } = fc.letrec<{ value: Gen }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberArb.map((v): Gen => ({ kind: 'num', v })),
    fc
      .tuple(textArb, fc.constantFrom('"', "'"))
      .map(([v, q]): Gen => ({ kind: 'str', v, q: q as '"' | "'" })),
    fc
      .record({
        items: fc.array(tie('value'), { maxLength: 4 }),
        trailing: fc.boolean(),
        multiline: fc.boolean(),
      })
      .map((r): Gen => ({ kind: 'list', ...r })),
  ),
}));

function quoteWith(v: string, q: '"' | "'"): string {
  let out = q;
  for (const ch of v) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out + q;
}
function write(g: Gen): string {
  if (g.kind === 'num') return g.v;
  if (g.kind === 'str') return quoteWith(g.v, g.q);
  if (g.items.length === 0) return g.multiline ? '[\n]' : '[ ]';
  const sep = g.multiline ? ',  # note\n    ' : ', ';
  return `[${g.multiline ? '\n    ' : ' '}${g.items.map(write).join(sep)}${g.trailing ? ',' : ''}${g.multiline ? '\n' : ' '}]`;
}
function model(g: Gen): ConfigValue {
  return g.kind === 'list' ? g.items.map(model) : g.v;
}

const configArb = fc
  .array(
    fc.record({
      key: fc.oneof(keyArb, fc.constantFrom('name', 'memory', 'disk', 'vif', 'vcpus', 'on_crash')),
      value: genArb,
      end: fc.constantFrom('\n', ';\n', '   # trailing comment\n', '; '),
    }),
    { maxLength: 12 },
  )
  .map((stmts) => ({
    text: stmts.map((s) => `${s.key} = ${write(s.value)}${s.end}`).join('') + '\n',
    expected: Object.fromEntries(stmts.map((s) => [s.key, model(s.value)])),
  }));

describe('properties', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const c = parseConfigText(text, F);
        expect(c.errors.some((e) => e.code === 'internal-error')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on printable ASCII with newlines, nor through the format', async () => {
    const printable = fc
      .array(
        fc.oneof(
          fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)),
          fc.constantFrom('\n', '\t', '[', ']', '"', "'", '='),
        ),
        {
          maxLength: 300,
        },
      )
      .map((cs) => cs.join(''));
    await fc.assert(
      fc.asyncProperty(printable, async (text) => {
        expect(parseConfigText(text, F).errors.some((e) => e.code === 'internal-error')).toBe(false);
        const { records } = await runParser(xlcfgFormat, text.split('\n'), ctxFor(F));
        expect(records).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('reads generated valid configs exactly, and print → parse gives the same values', () => {
    fc.assert(
      fc.property(configArb, ({ text, expected }) => {
        const first = parseConfigText(text, F);
        expect(first.dialect).toBe('xl');
        expect(
          first.errors.filter(
            (e) =>
              e.severity === 'error' &&
              e.code !== 'no-name' &&
              e.xlWouldReject &&
              !e.code.includes('spec') &&
              e.code !== 'bad-action' &&
              e.code !== 'bad-type' &&
              e.code !== 'bad-uuid' &&
              e.code !== 'type-contradiction' &&
              e.code !== 'maxvcpus-below-vcpus',
          ),
        ).toEqual([]);
        expect(valuesOf(first)).toEqual(expected);
        const again = parseConfigText(printConfig(first), F);
        expect(valuesOf(again)).toEqual(valuesOf(first));
        expect(devicesOf(again)).toEqual(devicesOf(first));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every good statement when junk lines are spliced in', () => {
    // Junk keys are longer than generated ones, so they cannot collide with them.
    const junk = fc.constantFrom(
      'install-method = debootstrap',
      'Memory = 512',
      '{% if x %}',
      'junkjunkjunk = [,]',
      'junkjunkjunk = foo bar',
      '@@@',
    );
    fc.assert(
      fc.property(
        configArb,
        fc.array(fc.tuple(fc.nat(), junk), { maxLength: 3 }),
        ({ text, expected }, splices) => {
          // Splice only between statements (after a newline that ends one at top level).
          const lines = text.split('\n');
          const tops: number[] = [];
          let depth = 0;
          lines.forEach((l, i) => {
            const clean = l.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#.*$/g, '');
            for (const ch of clean) depth += ch === '[' ? 1 : ch === ']' ? -1 : 0;
            if (depth === 0) tops.push(i + 1);
          });
          const at = splices
            .map(([n, j]) => [tops[n % tops.length]!, j] as const)
            .sort((x, y) => y[0] - x[0]);
          for (const [i, j] of at) lines.splice(i, 0, j); // from the end, so indexes stay valid
          const c = parseConfigText(lines.join('\n'), F);
          const { junkjunkjunk: _, ...rest } = valuesOf(c);
          expect(rest).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
