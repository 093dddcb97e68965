/**
 * `xenscope topology` run as a user would: a folder of configs imported as one host, and the real
 * Xen 4.17 lab capture (running JSON, sysfs, /dev listing, lvs, xl info, xenstored-access.log).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../src/model/index.js';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath, sharedPath } from '../helpers/shared.js';

function topology(db: string, ...args: string[]): Topology {
  const r = xenscope(['topology', '--db', db, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Topology;
}

const members = (t: Topology, kind: string, resource: string) =>
  t.shares.find((s) => s.kind === kind && s.resource === resource)?.domains.map((d) => d.domain);

describe('topology of imported configs and captures', () => {
  const db = tempDb();

  it('exits 3 and says to import first while the store does not exist, without creating it', () => {
    const r = xenscope(['topology', '--db', db, '--host', 'babrakov']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${db}: no store here (the file does not exist); run \`xenscope import`);
    expect(existsSync(db)).toBe(false);
  });

  it('exits 3 and says what to import while the store has no configs or captures', () => {
    const logsOnly = tempDb();
    const imp = xenscope([
      'import',
      labPath('var-log-xen', 'console'),
      '--host',
      'babrakov',
      '--db',
      logsOnly,
    ]);
    expect(imp.code, imp.stderr).toBe(0);
    const r = xenscope(['topology', '--db', logsOnly, '--host', 'babrakov']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /no domain configs or topology captures for host babrakov; import its \/etc\/xen/,
    );
  });

  it('imports a folder of configs as one host and counts them', () => {
    const r = xenscope([
      'import',
      sharedPath('corpus', 'xen-configs', 'babrakov-xen-host'),
      '--host',
      'babrakov',
      '--db',
      db,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.configs).toBe(16);
    expect(out.files.every((f: { format: string }) => f.format === 'xlcfg')).toBe(true);
  });

  it('shows the shared disks, MACs, IPs and UUID of babrakov-xen-host', () => {
    const t = topology(db, '--host', 'babrakov');
    expect(t.host).toBe('babrakov');
    expect(t.domains).toHaveLength(16);
    expect(members(t, 'target', 'lv:vg/pegas-disk')).toEqual(['pegas', 'ubuntu']);
    expect(members(t, 'target', 'lv:vg/pegas-swap')).toEqual(['pegas', 'pegas']);
    expect(members(t, 'target', 'lv:vg/ubuntu')).toHaveLength(4);
    expect(members(t, 'mac', '00:16:3e:76:47:d3')).toHaveLength(3);
    expect(members(t, 'mac', '00:16:3e:76:47:d4')).toHaveLength(2);
    expect(members(t, 'ip', '193.33.132.140')).toHaveLength(5);
    expect(members(t, 'uuid', '2c474d2e-28ba-4730-a5ba-88de9d25652a')).toEqual(['infoza', 'infoza']);
    for (const s of t.shares) for (const e of s.evidence) expect(e).toMatch(/^\S+:\d+: /);
  });

  it('narrows to one domain with --domain, in text grouped strongest first', () => {
    const r = xenscope(['topology', '--db', db, '--host', 'babrakov', '--domain', 'pegas']);
    expect(r.code, r.stderr).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('== '));
    expect(headings).toEqual([
      '== same backing target',
      '== same volume group',
      '== same bridge',
      '== duplicate name',
    ]);
    expect(r.stdout).toMatch(/^lv:vg\/pegas-swap: 2 domains \(2 writable\)$/m);
    expect(r.stdout).toMatch(
      /evidence \S+006-Babrakov-xen-pegas-test\.cfg:49: disk '\/dev\/vg\/pegas-swap,raw,xvdb,rw'/,
    );
    expect(r.stdout).not.toMatch(/^lv:vg\/ubuntu:/m);
  });

  it('imports the lab capture and gives domu1 xvda on vg0/domu1-disk, sharing PV /dev/vdc with domu2', () => {
    const files = [
      'xl-list-l-domu1-running.txt',
      'sysfs-stats-domu1-t001.txt',
      'dev-vg0.txt',
      'lvs.txt',
      'xl-info.txt',
      'var-log-xen/xenstored-access.log',
    ].map((f) => labPath(...f.split('/')));
    const r = xenscope(['import', ...files, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const byName = Object.fromEntries(
      JSON.parse(r.stdout).files.map((f: { path: string; format: string }) => [
        f.path.split('/').pop(),
        f.format,
      ]),
    );
    expect(byName).toMatchObject({
      'lvs.txt': 'lvs',
      'dev-vg0.txt': 'dev-listing',
      'xl-info.txt': 'xl-info',
    });
    // Two hosts now: topology wants to be told which.
    expect(xenscope(['topology', '--db', db]).code).toBe(2);
    const t = topology(db, '--host', 'dom0');
    expect(t.disks.find((d) => d.domain === 'domu1')).toMatchObject({
      vdev: 'xvda',
      backing: 'lv:vg0/domu1-disk',
      pvs: ['/dev/vdc'],
    });
    expect(members(t, 'pv', '/dev/vdc')).toEqual(['domu1', 'domu2']);
    expect(members(t, 'vg', 'vg0')).toEqual(['domu1', 'domu2']);
    expect(t.hostCpus?.nrCpus).toBe(2);
  });

  it('exits 3 for a domain the host does not have', () => {
    const r = xenscope(['topology', '--db', db, '--host', 'dom0', '--domain', 'nope']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no domain nope/);
  });
});
