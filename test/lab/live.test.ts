/**
 * `lab live` for a minute: the tree's counters advance as the scenario says, `xentop` and `xl`
 * answer in the real formats, the logs grow, and a fault shows up. Waits are sleeps for the
 * wall clock to pass; nothing here asserts how long anything took.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runLive } from '../../src/lab/index.js';
import { labPath, linesOf } from '../helpers/shared.js';
import { xentopShape } from './shapes.js';

const root = mkdtempSync(join(tmpdir(), 'xenscope-lab-live-'));
const live: { stop?: () => Promise<void> } = {};
// Stop the runner before removing its tree, also when an assertion failed half-way.
afterAll(async () => {
  await live.stop?.();
  rmSync(root, { recursive: true, force: true });
});

const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
const run = (cmd: string, args: string[]) =>
  execFileSync(join(root, 'bin', cmd), args, { env, encoding: 'utf8' });
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
const num = (rel: string) => Number(read(rel).trim());
const size = (rel: string) => (existsSync(join(root, rel)) ? statSync(join(root, rel)).size : 0);

function domidOf(name: string): number {
  const row = run('xl', ['list'])
    .split('\n')
    .find((l) => l.startsWith(`${name} `));
  return Number(row!.trim().split(/\s+/)[1]);
}

function diskstat(name: string): number[] {
  const line = read('proc/diskstats')
    .split('\n')
    .find((l) => l.trim().split(/\s+/)[2] === name)!;
  return line.trim().split(/\s+/).slice(3).map(Number);
}

describe('lab live', () => {
  it('keeps a dom0 tree alive for a minute, with a fault', { timeout: 180_000 }, async () => {
    const handle = await runLive({
      root,
      scenario: 'story',
      seed: 3,
      durationSeconds: 60,
      faultAfterSeconds: 5,
    });
    await sleep(8000);

    // The tree is there: procfs, sysfs with backends, executables, configs.
    for (const rel of [
      'proc/diskstats',
      'proc/net/dev',
      'proc/stat',
      'proc/meminfo',
      'bin/xentop',
      'bin/xl',
      'etc/xen',
    ]) {
      expect(existsSync(join(root, rel)), rel).toBe(true);
    }
    expect(statSync(join(root, 'bin/xl')).mode & 0o111).not.toBe(0);
    expect(read('proc/net/dev').split('\n').slice(0, 2).join('\n')).toBe(
      'Inter-|   Receive                                                |  Transmit\n' +
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    );
    const vifs = readdirSync(join(root, 'sys/class/net')).filter((n) => n.startsWith('vif'));
    expect(vifs.length).toBeGreaterThan(0);
    const v0 = vifs[0]!;
    const m = /^vif(\d+)\.(\d+)$/.exec(v0)!;
    expect(read(`sys/class/net/${v0}/device/nodename`).trim()).toBe(`backend/vif/${m[1]}/${m[2]}`);
    expect(readdirSync(join(root, `sys/class/net/${v0}/master/statistics`))).toContain('rx_bytes');

    // xentop answers in the real batch format.
    // Asynchronously: the live runner shares this process's event loop and must keep stepping.
    const { stdout } = await promisify(execFile)(
      join(root, 'bin', 'xentop'),
      ['-b', '-n', '-x', '-f', '-i', '2', '-d', '1'],
      {
        env,
        encoding: 'utf8',
      },
    );
    const top = linesOf(stdout);
    const realTop = linesOf(readFileSync(labPath('xentop-b-n-x-during-domu1.txt'), 'utf8'));
    const realShapes = new Set(realTop.map((l) => xentopShape(l, ['Domain-0', 'domu1'])));
    const names = run('xl', ['list'])
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[0]!);
    for (const l of top) expect(realShapes.has(xentopShape(l, names)), l).toBe(true);
    const headers = top.filter((l) => /^\s*NAME\s+STATE/.test(l));
    expect(headers).toHaveLength(2);
    const cpuPct = (l: string) => Number(l.trim().split(/\s+/)[3]);
    const rows = top.filter((l) => /^\s*\S+ [d-][s-][b-][c-][p-][r-] /.test(l));
    const half = rows.length / 2;
    expect(rows.slice(0, half).every((l) => cpuPct(l) === 0)).toBe(true);
    expect(rows.slice(half).some((l) => cpuPct(l) > 0)).toBe(true);

    // xl list / info / dmesg, and dmesg -c refused.
    const list = run('xl', ['list']).split('\n');
    expect(list[0]).toBe('Name                                        ID   Mem VCPUs\tState\tTime(s)');
    for (const l of list.slice(1).filter(Boolean))
      expect(l).toMatch(/^\S+ +\d+ +\d+ +\d+ {5}[r-][b-][p-][s-][-rscwS][d-] +\d+\.\d$/);
    const realInfoKeys = linesOf(readFileSync(labPath('xl-info.txt'), 'utf8'))
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.slice(0, 23));
    expect(
      run('xl', ['info'])
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 23)),
    ).toEqual(realInfoKeys);
    expect(
      run('xl', ['dmesg'])
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('(XEN) ')),
    ).toBe(true);
    const clear = spawnSync(join(root, 'bin/xl'), ['dmesg', '-c'], { env, encoding: 'utf8' });
    expect(clear.status).toBe(1);
    expect(clear.stderr).toMatch(/refused/);
    const long = JSON.parse(run('xl', ['list', '-l'])) as {
      domid: number;
      config: { c_info: { name: string } };
    }[];
    expect(long.map((d) => d.config.c_info.name).sort()).toEqual([...names].sort());

    // Counters before and after.
    const antagonist = 'db01';
    const antId = domidOf(antagonist);
    const antVbd = `sys/bus/xen-backend/devices/vbd-${antId}-51728/statistics/wr_sect`;
    const before = {
      antWr: num(antVbd),
      sdbWrite: diskstat('sdb')[6]!,
      kern: size('var/log/kern.log'),
      xs: size('var/log/xen/xenstored-access.log'),
    };
    await handle.done;
    const after = {
      antWr: num(antVbd),
      sdbWrite: diskstat('sdb')[6]!,
      kern: size('var/log/kern.log'),
      xs: size('var/log/xen/xenstored-access.log'),
    };
    // The story's antagonist writes to its LV on sdb: its vbd and the host disk both grow, and
    // nothing else on the host writes as much as it does.
    expect(after.antWr).toBeGreaterThan(before.antWr);
    expect(after.sdbWrite - before.sdbWrite).toBeGreaterThanOrEqual(after.antWr - before.antWr);
    const others = readdirSync(join(root, 'sys/bus/xen-backend/devices'))
      .filter((d) => d.startsWith('vbd-') && d !== `vbd-${antId}-51728`)
      .map((d) => num(`sys/bus/xen-backend/devices/${d}/statistics/wr_sect`));
    expect(Math.max(...others)).toBeLessThan(after.antWr);

    // The logs grew, and a fault shows up in each source that records one.
    expect(after.kern).toBeGreaterThan(before.kern);
    expect(after.xs).toBeGreaterThan(before.xs);
    const truth = handle.truth();
    expect(truth.incidents.length).toBeGreaterThan(0);
    const inc = truth.incidents[0]!;
    expect(inc.causes[0]!.domain).toBe(antagonist);
    expect(read(`var/log/xen/xl-${inc.victim}.log`)).toMatch(/has shut down, reason code 3 0x3/);
    expect(read(`var/log/xen/console/guest-${inc.victim}.log`)).toMatch(/Kernel panic - not syncing/);
    expect(JSON.parse(read('truth.json')).incidents.length).toBe(truth.incidents.length);
  });
});
