import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xlListJsonFormat } from '../../src/formats/xl-list-json.js';
import type { ParseContext } from '../../src/model/index.js';
import { checkGolden, itChecksGoldenCases } from '../helpers/golden.js';
import { checkNeverThrows, junkLine } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines } from '../helpers/shared.js';

const FORMAT = 'xl-list-json';
const BOOT = Date.UTC(2026, 10, 26, 12, 0, 0);
const CTX: Record<string, Partial<ParseContext>> = {
  'bad-element': { bootTime: BOOT },
};

describe('xl list -l golden fixtures', () => {
  itChecksGoldenCases(
    xlListJsonFormat,
    FORMAT,
    ['bad-element', 'create-dry-run', 'sxp'],
    (name) => CTX[name],
  );
});

describe('xl list -l (real Xen 4.17 captures)', () => {
  it('reads domu1: its config, uuid and domid, placed at the capture uptime', async () => {
    const { records, diags } = await parseLab(xlListJsonFormat, 'xl-list-l-domu1-after-crash.txt', {
      bootTime: BOOT,
    });
    expect(diags).toEqual([]);
    expect(records).toHaveLength(2);
    const [json, seen] = records;
    expect(json).toMatchObject({ type: 'domain-json', domid: 1, name: 'domu1', line: 4 });
    expect(json!.type === 'domain-json' && json!.config).toMatchObject({
      disks: [{ pdev_path: '/dev/vg0/domu1-disk', vdev: 'xvda' }],
      on_crash: 'preserve',
    });
    expect(seen).toEqual({
      type: 'domain',
      ts: BOOT + 127_640,
      tsSource: 'poll',
      uptime: 127.64,
      domid: 1,
      name: 'domu1',
      uuid: '0339b397-bd52-491b-b7ff-8243da842a4f',
      line: 4,
    });
  });

  it('reads Domain-0 (no uuid in its c_info)', async () => {
    const { records, diags } = await parseLab(xlListJsonFormat, 'xl-list-l.txt');
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.type, r.domid, r.name])).toEqual([
      ['domain-json', 0, 'Domain-0'],
      ['domain', 0, 'Domain-0'],
    ]);
    expect(records[1]).not.toHaveProperty('uuid');
  });
});

describe('xl list -l edge cases', () => {
  it('keeps the good domains of an array with a malformed element, and reports a cut document', async () => {
    const { records, diags } = await checkGolden(xlListJsonFormat, FORMAT, 'bad-element', CTX['bad-element']);
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [15, 'bad_json'],
      [21, 'unknown_value'],
      [40, 'bad_json'],
    ]);
    expect(records.filter((r) => r.type === 'domain').map((r) => [r.domid, r.name])).toEqual([
      [3, 'good1'],
      [6, 'good2 with "quotes" and [brackets]'],
    ]);
  });

  it('reads a dry-run config without claiming that the domain exists', async () => {
    const { records, diags } = await checkGolden(xlListJsonFormat, FORMAT, 'create-dry-run');
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.type, r.domid, r.name])).toEqual([['domain-json', null, 'web01']]);
  });

  it('reads domid, name and uuid from SXP, and says the config is not kept', async () => {
    const { records, diags } = await checkGolden(xlListJsonFormat, FORMAT, 'sxp');
    expect(records.map((r) => [r.type, r.domid, r.name])).toEqual([
      ['domain', 0, 'Domain-0'],
      ['domain', 5, 'web 01'],
    ]);
    expect(diags.map((d) => d.code)).toEqual(['unsupported', 'unknown_value']);
  });

  it('reads compact JSON with two domains on one line', async () => {
    const line =
      '[{"domid":1,"config":{"c_info":{"name":"a"}}},{"domid":2,"config":{"c_info":{"name":"b"}}}]';
    const { records } = await runParser(xlListJsonFormat, [line], ctxFor('x'));
    expect(records.map((r) => [r.type, r.domid])).toEqual([
      ['domain-json', 1],
      ['domain', 1],
      ['domain-json', 2],
      ['domain', 2],
    ]);
    expect(xlListJsonFormat.sniff([line])).toBeGreaterThan(0.5);
  });
});

describe('xl list -l properties', () => {
  const real = labLines('xl-list-l-domu1-running.txt');

  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(xlListJsonFormat, real, ctxFor('fuzz'));
  });

  it('loses no domain to junk lines around the JSON', async () => {
    const clean = await runParser(xlListJsonFormat, real, ctxFor('x'));
    // Junk inside a JSON value breaks the value itself; junk around it must cost nothing.
    const open = real.indexOf('[');
    await fc.assert(
      fc.asyncProperty(
        fc.array(junkLine, { maxLength: 4 }),
        fc.array(junkLine, { maxLength: 4 }),
        async (a, b) => {
          const lines = [...real.slice(0, open), ...a, ...real.slice(open, -1), ...b, ...real.slice(-1)];
          const dirty = await runParser(xlListJsonFormat, lines, ctxFor('x'));
          expect(dirty.records.map((r) => [r.type, r.domid, r.name])).toEqual(
            clean.records.map((r) => [r.type, r.domid, r.name]),
          );
          expect(dirty.diags).toHaveLength(a.length + b.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
