/**
 * Domain configuration parsing throughput: 10,000 generated configs (xl in most shapes the corpus
 * shows, some xm Python, some broken), parsed in memory with `parseConfigText`. Prints a table and
 * writes bench/results/configs.json. Target: ≥ 5,000 files/s on the project's 2-core machine.
 */

import { loadavg } from 'node:os';
import { parseConfigText } from '../src/formats/xlcfg.js';
import { reportBench } from './report.js';

const FILES = 10_000;

/** Small deterministic PRNG (mulberry32), so every run parses the same files. */
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

function generate(i: number, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const name = `dom${i}`;
  const mem = pick([256, 512, 1024, 2048, 4096]);
  const mac = `00:16:3e:${[i >> 8, i & 255, Math.floor(r() * 256)].map((b) => (b & 255).toString(16).padStart(2, '0')).join(':')}`;
  const kind = r();
  if (kind < 0.15) {
    // xm: Python with variables, arithmetic, formatting and a runtime branch.
    return [
      '#  -*- mode: python; -*-',
      'import os',
      `name = "${name}"`,
      `memory = ${mem / 2} * 2`,
      "vg = '/dev/vg0/'",
      "disk = [ 'phy:%s%s-disk,xvda1,w' % (vg, name), 'phy:' + vg + name + '-swap,xvda2,w' ]",
      `vif = [ 'mac=${mac}, bridge=xenbr0' ]`,
      'if os.path.exists("/dev/vg0/shared"):',
      "    disk += [ 'phy:/dev/vg0/shared,xvdb,w!' ]",
      'vcpus = 2',
      'on_crash = "restart"',
      '',
    ].join('\n');
  }
  const lines = [
    `# ${name}: generated`,
    `name = "${name}"`,
    `uuid = "c7a5fdb2-cdaf-9455-926a-${(100000000000 + i).toString(16).padStart(12, '0').slice(-12)}"`,
    r() < 0.5 ? `type = "${pick(['pv', 'pvh', 'hvm'])}"` : 'bootloader = "pygrub"',
    `memory = ${r() < 0.2 ? `'${mem}'` : mem}`,
    `maxmem = ${mem * 2}`,
    `vcpus = ${pick([1, 2, 4, 8])}`,
    `cpus = "${pick(['all', '0-3', '2-7,^5', 'nodes:0'])}"`,
    `on_crash = "${pick(['destroy', 'restart', 'preserve', 'coredump-restart'])}"`,
    'disk = [',
    `    'phy:/dev/vg0/${name}-root,xvda,w',   # root`,
    `    "/dev/vg0/${name}-data,raw,xvdb,rw",`,
    r() < 0.5
      ? `    'format=qcow2,vdev=xvdc,access=ro,backendtype=qdisk,target=/srv/img/${name}.qcow2',`
      : '    ",hdc:cdrom,r",',
    ']',
    `vif = [ 'mac=${mac},bridge=xenbr${i % 3},rate=${pick(['10Mb/s@20ms', '250KB/s', '1MB/s'])}', 'bridge=br-lan,ip=10.0.${i & 255}.1 ' ]`,
    'extra = "console=hvc0"',
    'extra += " quiet"',
    `vnuma = [ [ "pnode=0", "size=${mem / 2}", "vcpus=0" ], [ "pnode=1", "size=${mem / 2}", "vcpus=1" ] ]`,
  ];
  if (kind > 0.9) lines.splice(2, 0, pick(['install-method = debootstrap', 'Memory = 512', '{% if x %}']));
  const text = `${lines.join('\n')}\n`;
  return kind > 0.95 ? text.replace(/\n/g, '\r\n') : text;
}

const r = rng(20260517);
const inputs = Array.from({ length: FILES }, (_, i) => generate(i, r));
const bytes = inputs.reduce((n, t) => n + t.length, 0);

let peakRss = process.memoryUsage().rss;
// Warm-up so the JIT figure is the steady state an import of /etc/xen sees after the first files.
for (let i = 0; i < 500; i++) parseConfigText(inputs[i]!, `warm${i}.cfg`);

let disks = 0;
let vifs = 0;
let xm = 0;
let issues = 0;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < inputs.length; i++) {
  const c = parseConfigText(inputs[i]!, `/etc/xen/dom${i}.cfg`);
  disks += c.disks.length;
  vifs += c.vifs.length;
  issues += c.errors.length;
  if (c.dialect === 'xm') xm++;
  if ((i & 1023) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
// On a shared machine wall time includes other processes' turns; CPU time is this parser's cost.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const result = {
  benchmark: 'configs',
  files: FILES,
  xmFiles: xm,
  bytes,
  disks,
  vifs,
  issues,
  seconds: Number(seconds.toFixed(3)),
  filesPerSecond: Math.round(FILES / seconds),
  cpuSeconds: Number(cpuSeconds.toFixed(3)),
  filesPerCpuSecond: Math.round(FILES / cpuSeconds),
  loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  peakRssMiB: Number((peakRss / 1048576).toFixed(1)),
  node: process.version,
  target: { filesPerSecond: 5000 },
};

const rows: [string, string][] = [
  ['files', `${FILES} (${xm} xm)`],
  ['MiB', (bytes / 1048576).toFixed(2)],
  ['disks / vifs', `${disks} / ${vifs}`],
  ['seconds', result.seconds.toFixed(3)],
  ['files/s', String(result.filesPerSecond)],
  ['CPU seconds', result.cpuSeconds.toFixed(3)],
  ['files/CPU-s', String(result.filesPerCpuSecond)],
  ['load (1 min)', String(result.loadAverage1m)],
  ['peak RSS MiB', result.peakRssMiB.toFixed(1)],
];
reportBench('configs benchmark (parseConfigText)', rows, 'configs', result);
