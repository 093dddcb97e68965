import { describe, expect, it } from 'vitest';
import { xlVcpuListFormat } from '../../src/formats/xl-vcpu-list.js';
import { checkGolden, itChecksGoldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines } from '../helpers/junk.js';
import { ctxFor, parseLab } from '../helpers/parse.js';
import { labLines } from '../helpers/shared.js';

const FORMAT = 'xl-vcpu-list';

describe('xl vcpu-list golden fixtures', () => {
  itChecksGoldenCases(xlVcpuListFormat, FORMAT, ['offline-and-old']);
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
    await checkNeverThrows(xlVcpuListFormat, real, ctxFor('fuzz'));
  });

  it('loses no record to junk lines spliced in', async () => {
    await checkSplicedJunk(xlVcpuListFormat, real, ctxFor('x'), sameRecordsBesideLines);
  });
});
