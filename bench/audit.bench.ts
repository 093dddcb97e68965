/**
 * `xenscope audit` throughput on a generated fleet: 10,000 configs on 100 hosts (xl files in the
 * corpus's shapes, a few xm ones, shared LVs, duplicate MACs and IPs, backup copies), each host
 * with an `xl info`; parsing, topology and every rule, as the CLI runs them (without the file reads).
 * Prints a table and writes bench/results/audit.json. Target: ≥ 5,000 files/s.
 */

import { loadavg } from 'node:os';
import type { HostCaptures } from '../src/audit/index.js';
import { buildHost, readCaptures, runAudit } from '../src/audit/index.js';
import { reportBench } from './report.js';

const HOSTS = 100;
const PER_HOST = 100;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function config(h: number, i: number, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const role = pick(['web', 'db', 'cache', 'mail']);
  const name = `${role}${String(i).padStart(2, '0')}`;
  const mac = `00:16:3e:${h.toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:${
    r() < 0.02
      ? '00'
      : Math.floor(r() * 256)
          .toString(16)
          .padStart(2, '0')
  }`;
  if (r() < 0.05)
    return `import os\nname = "${name}"\nmemory = 256 * 2\ndisk = [ 'phy:/dev/vg0/${name},xvda,w!' ]\nvif = [ 'mac=${mac}' ]\n`;
  const shared = r() < 0.03 ? 'shared' : `${name}-data`;
  return [
    `# ${name} on host${h}`,
    `name = "${name}"`,
    `type = "${pick(['pv', 'pvh', 'hvm'])}"`,
    `memory = ${pick([512, 1024, 2048])}`,
    `maxmem = ${pick([1024, 2048])}`,
    `vcpus = ${pick([1, 2, 4])}`,
    r() < 0.3 ? `cpus = "${pick(['0-1', '2-7', 'all'])}"` : `vcpu = 2`,
    `on_crash = "${pick(['destroy', 'restart', 'coredump-restart', 'preserve'])}"`,
    'disk = [',
    `    'phy:/dev/vg0/${name}-root,xvda,w',`,
    `    'format=raw, vdev=xvdb, access=rw, target=/dev/mapper/vg0-${shared.replaceAll('-', '--')}',`,
    ']',
    `vif = [ 'mac=${mac}, bridge=xenbr${i % 2}${r() < 0.5 ? ', rate=100Mb/s@20ms' : ''}, ip=10.${h}.0.${r() < 0.02 ? 1 : i}' ]`,
    '',
  ].join('\n');
}

const XL_INFO = `host                   : h
nr_cpus                : 16
total_memory           : 131072
free_memory            : 2048
xen_commandline        : dom0_mem=4096M,max:4096M dom0_max_vcpus=2 dom0_vcpus_pin
`;

const r = rng(20261126);
const fleet = Array.from({ length: HOSTS }, (_, h) =>
  Array.from({ length: PER_HOST }, (_, i) => ({
    file: `host${h}/dom${i}.cfg`,
    rel: `dom${i}.cfg`,
    text: config(h, i, r),
  })),
);
const captures: HostCaptures = (await readCaptures(XL_INFO, 'xl-info.txt')).captures;
const files = HOSTS * PER_HOST;
const bytes = fleet.flat().reduce((n, s) => n + s.text.length, 0);

// Warm-up on one host, so the figure is the steady state.
runAudit([buildHost('warm', fleet[0]!, captures)]);

let peakRss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const hosts = fleet.map((sources, h) => buildHost(`host${h}`, sources, captures));
const t1 = process.hrtime.bigint();
const cpu1 = process.cpuUsage(cpu0);
const result = runAudit(hosts, { fleet: true });
const t2 = process.hrtime.bigint();
const cpu = process.cpuUsage(cpu0);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const seconds = Number(t2 - t0) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const byRule = new Map<string, number>();
for (const f of result.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);

const out = {
  benchmark: 'audit',
  hosts: HOSTS,
  files,
  bytes,
  findings: result.findings.length,
  failures: result.failures.length,
  parseSeconds: Number((Number(t1 - t0) / 1e9).toFixed(3)),
  rulesSeconds: Number((Number(t2 - t1) / 1e9).toFixed(3)),
  parseCpuSeconds: Number(((cpu1.user + cpu1.system) / 1e6).toFixed(3)),
  rulesCpuSeconds: Number((cpuSeconds - (cpu1.user + cpu1.system) / 1e6).toFixed(3)),
  seconds: Number(seconds.toFixed(3)),
  filesPerSecond: Math.round(files / seconds),
  cpuSeconds: Number(cpuSeconds.toFixed(3)),
  filesPerCpuSecond: Math.round(files / cpuSeconds),
  loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  peakRssMiB: Number((peakRss / 1048576).toFixed(1)),
  findingsByRule: Object.fromEntries([...byRule].sort()),
  node: process.version,
  target: { filesPerSecond: 5000 },
};

const rows: [string, string][] = [
  ['hosts / files', `${HOSTS} / ${files}`],
  ['MiB', (bytes / 1048576).toFixed(2)],
  ['findings', `${out.findings} (${out.failures} rule failures)`],
  ['parse + topology s', out.parseSeconds.toFixed(3)],
  ['rules s', out.rulesSeconds.toFixed(3)],
  ['parse / rules CPU-s', `${out.parseCpuSeconds.toFixed(3)} / ${out.rulesCpuSeconds.toFixed(3)}`],
  ['files/s', String(out.filesPerSecond)],
  ['files/CPU-s', String(out.filesPerCpuSecond)],
  ['load (1 min)', String(out.loadAverage1m)],
  ['peak RSS MiB', out.peakRssMiB.toFixed(1)],
];
reportBench('audit benchmark (buildHost + runAudit, every rule, fleet mode)', rows, 'audit', out);
