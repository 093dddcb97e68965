/**
 * Topology from real evidence: the Xen 4.17 lab capture (running JSON, sysfs dumps, `/dev` listing,
 * lvs, xl info, xenstore) and every host group of the xen-configs corpus, checked against the facts
 * its README's "Host groups" section describes.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../src/model/index.js';
import { buildTopology, NO_INPUTS, topologyForDomain } from '../../src/topology/index.js';
import { labPath } from '../helpers/shared.js';
import { configGroup, labFiles, sharers, topologyOf } from './topology-support.js';

describe('the lab capture', () => {
  it('puts domu1 xvda on lv:vg0/domu1-disk on PV /dev/vdc, from xl list -l, sysfs, /dev and lvs', async () => {
    const t = await topologyOf('dom0', labFiles());
    const xvda = t.disks.find((d) => d.domain === 'domu1' && d.vdev === 'xvda')!;
    expect(xvda).toMatchObject({
      targetAsWritten: '/dev/vg0/domu1-disk',
      backing: 'lv:vg0/domu1-disk',
      backingConfidence: 'certain',
      readwrite: true,
      vg: 'vg0',
      pvs: ['/dev/vdc'],
    });
    const ev = xvda.evidence.join('\n');
    expect(ev).toMatch(/xl-list-l-domu1-running\.txt:4: .*pdev_path \/dev\/vg0\/domu1-disk/);
    expect(ev).toMatch(
      /sysfs-stats-domu1-t00\d\.txt:13: sysfs vbd-1-51712 physical_device fd:0 = 253:0 → lv:vg0\/domu1-disk/,
    );
    expect(ev).toMatch(/lvs\.txt:4: lvs: domu1-disk in VG vg0 on \/dev\/vdc\(0\)/);
    expect(t.lvs.map((l) => [l.vg, l.lv, l.pvs])).toEqual([
      ['vg0', 'domu1-disk', ['/dev/vdc']],
      ['vg0', 'domu2-disk', ['/dev/vdc']],
    ]);
    expect(t.pvs.map((p) => [p.pv, p.vg])).toEqual([['/dev/vdc', 'vg0']]);
    expect(t.hostCpus).toMatchObject({ nrCpus: 2, totalMemoryMiB: 3071, freeMemoryMiB: 2014 });
    expect(t.vifs.find((v) => v.domain === 'domu1')).toMatchObject({
      mac: '00:16:3e:00:00:01',
      bridge: 'xenbr0',
      bridgeDefaulted: false,
    });
  });

  it('resolves sysfs physical_device alone (no running JSON) through the /dev listing and lvs', async () => {
    const t = await topologyOf('dom0', [
      ...labFiles().filter(([p]) => !p.includes('xl-list-l')),
      [labPath('xl-list-l-domu1-running.txt'), 'json'],
    ]);
    // Same result whatever the order the evidence came in.
    expect(t.disks.find((d) => d.domain === 'domu1')?.backing).toBe('lv:vg0/domu1-disk');
  });

  it('with xenstored-access.log, domu1 and domu2 share PV /dev/vdc and VG vg0, and bridge xenbr0', async () => {
    const t = await topologyOf('dom0', [
      ...labFiles(),
      [labPath('var-log-xen', 'xenstored-access.log'), 'xenstored'],
    ]);
    expect(t.disks.find((d) => d.domain === 'domu2')).toMatchObject({
      backing: 'lv:vg0/domu2-disk',
      pvs: ['/dev/vdc'],
      readwrite: true,
    });
    expect(t.domains.map((d) => [d.domain, d.origin])).toEqual([
      ['domu1', 'running'],
      ['domu2', 'xenstore'],
    ]);
    expect(sharers(t, 'pv', '/dev/vdc')).toEqual(['domu1', 'domu2']);
    expect(sharers(t, 'vg', 'vg0')).toEqual(['domu1', 'domu2']);
    expect(sharers(t, 'bridge', 'xenbr0')).toEqual(['domu1', 'domu2']);
    expect(t.shares.filter((s) => s.kind === 'target')).toEqual([]);
    expect(t.shares.map((s) => s.kind)).toEqual(['pv', 'vg', 'bridge']);
    const pv = t.shares[0]!;
    expect(pv.evidence.some((e) => /lvs\.txt:5: lvs: domu2-disk/.test(e))).toBe(true);
    for (const e of pv.evidence) expect(e).toMatch(/^\S+:\d+: /);
  });
});

describe('xen-configs host groups (README "Host groups")', () => {
  it('babrakov-xen-host: shared LVs, duplicate MACs, IPs, names and one UUID', async () => {
    const t = await topologyOf('babrakov', configGroup('babrakov-xen-host'));
    expect(sharers(t, 'target', 'lv:vg/pegas-disk')).toEqual([
      'pegas (003-Babrakov-xen-pegas.cfg)',
      'ubuntu (012-Babrakov-xen-ubuntu.cfg)',
    ]);
    expect(sharers(t, 'target', 'lv:vg/pegas-swap')).toEqual([
      'pegas (003-Babrakov-xen-pegas.cfg)',
      'pegas (006-Babrakov-xen-pegas-test.cfg)',
    ]);
    expect(sharers(t, 'target', 'lv:vg/ubuntu')).toHaveLength(4);
    expect(sharers(t, 'mac', '00:16:3e:76:47:d3')).toEqual([
      'test (007-Babrakov-xen-test.cfg)',
      'ubuntu (012-Babrakov-xen-ubuntu.cfg)',
      'ubuntu (014-Babrakov-xen-ubuntu.cfg.bak.cfg)',
    ]);
    expect(sharers(t, 'mac', '00:16:3e:76:47:d4')).toEqual([
      'krs23.ru (002-Babrakov-xen-krs23.ru.cfg)',
      'test (008-Babrakov-xen-test.cfg.bak.cfg)',
    ]);
    expect(sharers(t, 'ip', '193.33.132.140')).toHaveLength(5);
    expect(sharers(t, 'uuid', '2c474d2e-28ba-4730-a5ba-88de9d25652a')).toEqual([
      'infoza (001-Babrakov-xen-infoza.cfg)',
      'infoza (005-Babrakov-xen-infoza.cfg)',
    ]);
    expect(sharers(t, 'name', 'ubuntu')).toHaveLength(3);
    // Writable shared targets come first, and each says how sure it is.
    expect(t.shares[0]).toMatchObject({ kind: 'target', resource: 'lv:vg/ubuntu' });
    const swap = t.shares.find((s) => s.resource === 'lv:vg/pegas-swap')!;
    expect(swap.notes).toEqual(['2 configs named pegas: copies of one domain, which may never run together']);
    expect(
      swap.evidence.filter((e) =>
        /\/00[36]-Babrakov-xen-pegas(?:-test)?\.cfg:49: disk '\/dev\/vg\/pegas-swap,raw,xvdb,rw'$/.test(e),
      ),
    ).toHaveLength(2);
    expect(t.shares.find((s) => s.kind === 'vg')?.notes[0]).toMatch(/VG vg is recognised by the shape/);
  });

  it('drakvuf-ci-host: all six disks on one VG, no network', async () => {
    const t = await topologyOf('drakvuf', configGroup('drakvuf-ci-host'));
    expect(sharers(t, 'vg', 't1ssd')).toHaveLength(6);
    expect(t.shares.filter((s) => s.kind === 'target' || s.kind === 'mac' || s.kind === 'bridge')).toEqual(
      [],
    );
    expect(t.disks.every((d) => d.backingConfidence === 'shape' && d.vg === 't1ssd')).toBe(true);
  });

  it('cramsay-zynqmp-host: sequential MACs but no duplicates, one bridge', async () => {
    const t = await topologyOf('cramsay', configGroup('cramsay-zynqmp-host'));
    expect(t.vifs.map((v) => v.mac)).toEqual([
      '00:0a:35:03:2b:f1',
      '00:0a:35:03:2b:f2',
      '00:0a:35:03:2b:f3',
      '00:0a:35:03:2b:f0',
    ]);
    expect(t.shares.filter((s) => s.kind === 'mac')).toEqual([]);
    expect(sharers(t, 'bridge', 'xenbr0')).toHaveLength(4);
  });

  it('mrgao1008-host: three guests on bridge virbr0, disks on VG vg1', async () => {
    const t = await topologyOf('mrgao', configGroup('mrgao1008-host'));
    expect(sharers(t, 'bridge', 'virbr0')?.map((s) => s.split(' ')[0])).toEqual(['centos', 'ubuntu', 'xp']);
    expect(sharers(t, 'vg', 'vg1')).toHaveLength(3);
    expect(t.shares.find((s) => s.kind === 'bridge')?.notes).toEqual([]);
  });

  it('notquitesane-ml350p-host: two HVM guests on VG vg, different bridges', async () => {
    const t = await topologyOf('ml350p', configGroup('notquitesane-ml350p-host'));
    expect(sharers(t, 'vg', 'vg')?.map((s) => s.split(' ')[0])).toEqual(['gentoo-router', 'homeassistant']);
    expect(t.shares.filter((s) => s.kind === 'target')).toEqual([]);
  });
});

describe('buildTopology', () => {
  it('is empty without inputs', () => {
    const t: Topology = buildTopology('h', NO_INPUTS);
    expect(t).toMatchObject({ host: 'h', domains: [], disks: [], shares: [], hostCpus: null });
  });

  it('narrows to one domain and the shares it is in', async () => {
    const t = await topologyOf('babrakov', configGroup('babrakov-xen-host'));
    const w = topologyForDomain(t, 'windows');
    expect(w.domains.map((d) => d.domain)).toEqual(['windows']);
    expect(w.shares.map((s) => s.kind)).toEqual(['vg', 'bridge']);
  });

  it('finds pinned pCPUs two domains share, from vcpu-list and configs', () => {
    const cfg = (name: string, cpus: string) => ({
      value: {
        file: `/etc/xen/${name}.cfg`,
        dialect: 'xl' as const,
        style: 'xl' as const,
        styleReasons: [],
        name: { value: name, file: `/etc/xen/${name}.cfg`, line: 1, column: 8 },
        cpus: { value: cpus, file: `/etc/xen/${name}.cfg`, line: 2, column: 8 },
        disks: [],
        vifs: [],
        keys: {},
        assignments: [],
        errors: [],
      },
      file: `/etc/xen/${name}.cfg`,
      line: 1,
    });
    const t = buildTopology('h', {
      ...NO_INPUTS,
      hostInfo: [{ value: { host: 'h', nr_cpus: '8' }, file: 'xl-info.txt', line: 3 }],
      configs: [cfg('a', '0-3'), cfg('b', '2-5,^3'), cfg('c', 'all')],
    });
    expect(t.affinities.map((a) => [a.domain, a.text])).toEqual([
      ['a', '0-3'],
      ['b', '2,4-5'],
      ['c', 'all'],
    ]);
    expect(
      t.shares.filter((s) => s.kind === 'pcpu').map((s) => [s.resource, s.domains.map((d) => d.domain)]),
    ).toEqual([['pCPU 2', ['a', 'b']]]);
  });
});
