import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xlVcpuListFormat } from '../../src/formats/xl-vcpu-list.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import {
  checkGolden,
  goldenCases,
  hostileLines,
  inserts,
  labLines,
  parseLab,
  splice,
  withoutLines,
} from './xen-tool-support.js';

const FORMAT = 'xl-vcpu-list';

describe('xl vcpu-list golden fixtures', () => {
  it('has the cases this file asserts on', () => {
    expect(goldenCases(FORMAT)).toEqual(['offline-and-old']);
  });
  for (const name of goldenCases(FORMAT)) {
    it(name, async () => {
      await checkGolden(xlVcpuListFormat, FORMAT, name);
    });
  }
});

describe('xl vcpu-list', () => {
  it('reads the lab capture after domu1 crashed', async () => {
    const { records, diags } = await parseLab(xlVcpuListFormat, 'xl-vcpu-list-after-crash.txt');
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.domain, r.domid, r.vcpu, r.cpu, r.state, r.timeSeconds])).toEqual([
      ['Domain-0', 0, 0, 1, '-b-', 77],
      ['Domain-0', 0, 1, 0, 'r--', 63.2],
      ['domu1', 1, 0, 0, '---', 21.9],
    ]);
    expect(records.every((r) => r.hardAffinity === 'all' && r.softAffinity === 'all')).toBe(true);
    const before = await parseLab(xlVcpuListFormat, 'xl-vcpu-list.txt');
    expect(before.records.map((r) => r.line)).toEqual([4, 5]);
  });

  it('reads offline vCPUs, ranges, names with spaces, and the pre-4.5 single affinity', async () => {
    const { records, diags } = await checkGolden(xlVcpuListFormat, FORMAT, 'offline-and-old');
    expect(diags.map((d) => [d.line, d.code])).toEqual([[6, 'bad_number']]);
    expect(records.map((r) => [r.domain, r.vcpu, r.cpu, r.state, r.hardAffinity, r.softAffinity])).toEqual([
      ['Domain-0', 0, 3, 'r--', 'all', 'all'],
      ['web 01', 0, 2, '-b-', '2-5,8', 'all'],
      ['web 01', 1, null, '--p', '2-5,8', 'none'],
      ['Domain-0', 0, 0, 'r--', 'all', ''],
      ['old', 0, 1, '-b-', '0-1', ''],
    ]);
  });
});

describe('xl vcpu-list properties', () => {
  const real = labLines('xl-vcpu-list-after-crash.txt');

  it('never throws on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(hostileLines(real), async (lines) => {
        await runParser(xlVcpuListFormat, lines, ctxFor('fuzz'));
      }),
      { numRuns: 200 },
    );
  });

  it('loses no record to junk lines spliced in', async () => {
    const clean = await runParser(xlVcpuListFormat, real, ctxFor('x'));
    await fc.assert(
      fc.asyncProperty(inserts, async (at) => {
        const dirty = await runParser(xlVcpuListFormat, splice(real, at), ctxFor('x'));
        expect(withoutLines(dirty.records)).toEqual(withoutLines(clean.records));
      }),
      { numRuns: 100 },
    );
  });
});
