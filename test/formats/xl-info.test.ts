import { describe, expect, it } from 'vitest';
import { xlInfoFormat } from '../../src/formats/xl-info.js';
import { checkGolden, itChecksGoldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines } from '../helpers/junk.js';
import { ctxFor, parseLab, runParser } from '../helpers/parse.js';
import { labLines, pasteLines } from '../helpers/shared.js';

const FORMAT = 'xl-info';

describe('xl info golden fixtures', () => {
  itChecksGoldenCases(xlInfoFormat, FORMAT, ['mail-wrapped', 'two-outputs']);
});

describe('xl info (real captures)', () => {
  it('reads every fact of Xen 4.17, values with colons and empty values included', async () => {
    const { records, diags } = await parseLab(xlInfoFormat, 'xl-info.txt');
    expect(diags).toEqual([]);
    expect(records).toHaveLength(1);
    const { facts, line } = records[0]!;
    expect(line).toBe(3);
    expect(Object.keys(facts)).toHaveLength(34);
    expect(facts).toMatchObject({
      host: 'dom0',
      nr_cpus: '2',
      total_memory: '3071',
      xen_version: '4.17.7',
      xen_scheduler: 'credit2',
      xen_changeset: '',
      hw_caps: '1fcbf3fd:f6d8320b:ec500800:00000077:00000005:01884329:0000020c:00000000',
      xen_commandline:
        'dom0_mem=1024M,max:1024M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all smap=0 smep=0',
      cc_compile_date: 'Wed Nov  4 16:52:28 UTC 2026',
      xen_caps: 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64',
    });
  });

  it('keeps the -n tables as their text', async () => {
    const { records, diags } = await parseLab(xlInfoFormat, 'xl-info-n.txt');
    expect(diags).toEqual([]);
    expect(records[0]!.facts).toMatchObject({
      cpu_topology:
        'cpu:    core    socket     node\n  0:       0        0        0\n  1:       1        0        0',
      'device topology': 'device           node\nNo device topology data available',
      numa_info: 'node:    memsize    memfree    distances\n   0:      3071       2014      10',
      xen_major: '4',
      xend_config_format: '4',
    });
  });

  it('reads Xen 4.0.1 output (Ganeti test data): empty virt_caps, node_to_* keys', async () => {
    const { records } = await runParser(xlInfoFormat, pasteLines('001'), ctxFor('001'));
    expect(records[0]!.facts).toMatchObject({
      virt_caps: '',
      cpu_mhz: '2800',
      node_to_cpu: 'node0:0-3',
      xen_extra: '.1',
      cc_compiler: 'gcc version 4.4.5 (Debian 4.4.5-8)',
    });
  });

  it('joins quoted-printable soft breaks and wrapped values of a mailed, filtered paste', async () => {
    const { records } = await runParser(xlInfoFormat, pasteLines('009'), ctxFor('009'));
    expect(records).toHaveLength(1);
    expect(records[0]!.facts).toEqual({
      release: '6.12.6-amd64',
      version: '#1 SMP PREEMPT_DYNAMIC Debian 6.12.6-1 (2024-12-21)',
      hw_caps: 'bfebfbff:17bae3bf:28100800:00000001:00000001:00000000:00000000:00000100',
      virt_caps: 'pv hvm hap shadow gnttab-v1 gnttab-v2',
      xen_version: '4.19.1',
      xen_caps: 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64',
      xen_commandline: 'placeholder',
    });
  });
});

describe('xl info edge cases', () => {
  it('does not take prompts or prose for facts or wrapped values', async () => {
    const { records, diags } = await checkGolden(xlInfoFormat, FORMAT, 'mail-wrapped');
    expect(records[0]!.facts.xen_commandline).toBe(
      'placeholder dom0_mem=4096M,max:4096M console_timestamps=date',
    );
    expect(records[0]!.facts).not.toHaveProperty('Environment');
    expect(diags.map((d) => d.line)).toEqual([1, 2, 16, 17]);
  });

  it('splits two captured outputs into two records', async () => {
    const { records } = await checkGolden(xlInfoFormat, FORMAT, 'two-outputs');
    expect(records.map((r) => [r.line, r.facts.virt_caps, Object.keys(r.facts).length])).toEqual([
      [3, '', 5],
      [11, undefined, 5],
    ]);
  });
});

describe('xl info properties', () => {
  const real = labLines('xl-info-n.txt');

  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(xlInfoFormat, real, ctxFor('fuzz'));
  });

  it('loses no fact to junk lines spliced in', async () => {
    await checkSplicedJunk(xlInfoFormat, real, ctxFor('x'), sameRecordsBesideLines);
  });
});
