/**
 * Live mode: keeps a simulated dom0 tree up to date in real time, driven by the same simulation
 * step as `generateLab`, so the agent (Step 7) can be tested end to end against procfs, sysfs,
 * growing log files and `xentop`/`xl` executables — with faults injected as it runs.
 *
 *   proc/{diskstats,net/dev,stat,meminfo}
 *   sys/bus/xen-backend/devices/vbd-<domid>-<devid>/{statistics/*,physical_device,mode,nodename,devtype}
 *   sys/bus/xen-backend/devices/vif-<domid>-<devid>/{nodename,devtype}
 *   sys/class/net/<if>/statistics/*, with `device` → the backend device and `master` → the bridge
 *   var/log/xen/{xl-*.log,console/*,xenstored-access.log}, var/log/kern.log (appended)
 *   bin/xentop, bin/xl; etc/xen/*.cfg; run/xenscope-lab/state.json; truth.json
 */
import {
  appendFileSync,
  chmodSync,
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { SYMPTOM_LAG } from './faults.js';
import { createSimulation, LogRenderer } from './generate.js';
import type { DomainSpec } from './host-model.js';
import { STATE_REL, XENTOP_SCRIPT, XL_SCRIPT } from './live-bin.js';
import type { DomainRuntime, Simulation, StepSnapshot } from './simulate.js';
import { LogBook } from './writers/log-book.js';
import type { Truth } from './writers/truth.js';
import { buildTruth, renderTruth } from './writers/truth.js';
import { renderXlInfo } from './writers/xl-info.js';
import { renderXlCfg, xlcfgPath } from './writers/xlcfg.js';

export interface LiveOptions {
  /** The tree to keep up to date (created if missing). */
  readonly root: string;
  readonly scenario?: string;
  readonly seed?: number;
  /** Guests on the simulated host (default 6). */
  readonly domains?: number;
  /** Seconds between simulation steps (default 1). */
  readonly intervalSeconds?: number;
  /** Seconds after the start at which the first fault episode begins (default 20). */
  readonly faultAfterSeconds?: number;
  /** Short ramps and lags so a crash shows up within a minute (default true). */
  readonly fast?: boolean;
  /** Stop on its own after this many seconds (default: run until stopped). */
  readonly durationSeconds?: number;
  /** The clock (tests may inject one); defaults to the wall clock. */
  readonly now?: () => number;
}

export interface LiveHandle {
  readonly root: string;
  /** Steps taken so far. */
  readonly steps: number;
  /** Incidents so far, in truth.json's shape. */
  truth(): Truth;
  /** Stops the runner; resolves when the last step has been written. */
  stop(): Promise<void>;
  /** Resolves when the runner stops (duration reached or `stop()`). */
  readonly done: Promise<void>;
}

const NET_DEV_HEADER =
  'Inter-|   Receive                                                |  Transmit\n' +
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

const NET_STAT_FILES = [
  'collisions',
  'multicast',
  'rx_bytes',
  'rx_compressed',
  'rx_crc_errors',
  'rx_dropped',
  'rx_errors',
  'rx_fifo_errors',
  'rx_frame_errors',
  'rx_length_errors',
  'rx_missed_errors',
  'rx_nohandler',
  'rx_over_errors',
  'rx_packets',
  'tx_aborted_errors',
  'tx_bytes',
  'tx_carrier_errors',
  'tx_compressed',
  'tx_dropped',
  'tx_errors',
  'tx_fifo_errors',
  'tx_heartbeat_errors',
  'tx_packets',
  'tx_window_errors',
] as const;

/** Writes a multi-line file atomically (readers never see it half written). */
function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Rewrites a one-value counter file in place, only when it changed. Counters only grow (a reset
 * comes with a new device directory), so writing the new text over the old at offset 0 never
 * leaves a reader an empty or truncated value — unlike truncate-then-write — and avoids a rename
 * per file per step.
 */
const lastWritten = new Map<string, string>();
function putCounter(path: string, text: string): void {
  const prev = lastWritten.get(path);
  if (prev === text) return;
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w');
  }
  try {
    writeSync(fd, text, 0);
    if (prev !== undefined && text.length < prev.length) ftruncateSync(fd, text.length);
  } finally {
    closeSync(fd);
  }
  lastWritten.set(path, text);
}

/** Drops the cache entries of a removed directory. */
function forget(dir: string): void {
  for (const k of [...lastWritten.keys()]) if (k.startsWith(`${dir}/`)) lastWritten.delete(k);
}

interface IfCounters {
  rxBytes: number;
  rxPkts: number;
  rxDrop: number;
  txBytes: number;
  txPkts: number;
  txDrop: number;
}

function libxlConfig(d: DomainSpec): unknown {
  return {
    c_info: { type: d.type, name: d.name, uuid: d.uuid },
    b_info: {
      max_vcpus: d.vcpus,
      max_memkb: d.maxmemMiB * 1024,
      target_memkb: d.memoryMiB * 1024,
      [`type.${d.type}`]: {},
    },
    disks: d.disks.map((x) => ({
      pdev_path: x.target,
      vdev: x.vdev,
      backend: 'phy',
      format: 'raw',
      readwrite: x.access === 'w' ? 1 : 0,
    })),
    nics: d.vifs.map((v) => ({
      devid: v.devid,
      mac: v.mac,
      bridge: v.bridge,
      ...(v.rateBytesPerS
        ? { rate_bytes_per_interval: v.rateBytesPerS / 20, rate_interval_usecs: 50000 }
        : {}),
    })),
    on_reboot: 'restart',
    on_watchdog: 'restart',
    on_crash: d.onCrash.replace('-', '_'),
  };
}

class LiveTree {
  readonly #root: string;
  readonly #sim: Simulation;
  readonly #book = new LogBook();
  readonly #renderer: LogRenderer;
  #eventsDone = 0;
  readonly #backendDirs = new Set<string>();
  readonly #netDirs = new Set<string>();
  readonly #nicTotals = new Map<string, IfCounters>();
  readonly #dmTotals = new Map<number, { rd: number; wr: number; rs: number; ws: number }>();
  readonly #lastVbd = new WeakMap<object, { rd: number; wr: number; rs: number; ws: number }>();
  #dom0Jiffies = { user: 0, system: 0, idle: 0, iowait: 0 };
  /** The hypervisor console ring as `xl dmesg` prints it: the log without xenconsoled's stamps. */
  #dmesg: string[] = [];
  #ringCache = { size: -1, lines: [] as string[] };

  constructor(root: string, sim: Simulation) {
    this.#root = root;
    this.#sim = sim;
    this.#renderer = new LogRenderer(sim, this.#book);
  }

  #p(rel: string): string {
    return join(this.#root, rel);
  }

  init(): void {
    const sim = this.#sim;
    for (const rel of ['proc', 'sys', 'var', 'bin', 'run', 'etc/xen'])
      rmSync(this.#p(rel), { recursive: true, force: true });
    forget(this.#root);
    for (const d of sim.host.domains) put(this.#p(xlcfgPath(d.name)), renderXlCfg(d, sim.host.kernelRelease));
    put(this.#p('bin/xentop'), XENTOP_SCRIPT);
    put(this.#p('bin/xl'), XL_SCRIPT);
    chmodSync(this.#p('bin/xentop'), 0o755);
    chmodSync(this.#p('bin/xl'), 0o755);
    put(
      this.#p('proc/meminfo'),
      [
        `MemTotal:        ${sim.host.dom0.memoryMiB * 1024 - 120_000} kB`,
        `MemFree:         ${Math.round(sim.host.dom0.memoryMiB * 1024 * 0.55)} kB`,
        `MemAvailable:    ${Math.round(sim.host.dom0.memoryMiB * 1024 * 0.8)} kB`,
        `Buffers:           ${Math.round(sim.host.dom0.memoryMiB * 1024 * 0.02)} kB`,
        `Cached:          ${Math.round(sim.host.dom0.memoryMiB * 1024 * 0.2)} kB`,
        'SwapTotal:             0 kB',
        'SwapFree:              0 kB',
        '',
      ].join('\n'),
    );
    for (const b of sim.host.bridges) {
      this.#nicTotals.set(b.nic, { rxBytes: 0, rxPkts: 0, rxDrop: 0, txBytes: 0, txPkts: 0, txDrop: 0 });
      this.#nicTotals.set(b.name, { rxBytes: 0, rxPkts: 0, rxDrop: 0, txBytes: 0, txPkts: 0, txDrop: 0 });
    }
    for (const lv of sim.host.lvs) this.#dmTotals.set(lv.dmMinor, { rd: 0, wr: 0, rs: 0, ws: 0 });
  }

  /** Appends the log lines due by `t` (events before the start are written at once). */
  #logs(t: number): void {
    const sim = this.#sim;
    if (sim.events.length > this.#eventsDone) {
      this.#renderer.render(sim.events.slice(this.#eventsDone));
      this.#eventsDone = sim.events.length;
    }
    for (const f of this.#book.files()) {
      const lines = this.#book.drainUntil(f, t);
      if (lines.length === 0) continue;
      mkdirSync(dirname(this.#p(f)), { recursive: true });
      appendFileSync(this.#p(f), `${lines.join('\n')}\n`);
    }
  }

  #vbdDir(domid: number, devid: number): string {
    return `sys/bus/xen-backend/devices/vbd-${domid}-${devid}`;
  }

  #sysfs(s: StepSnapshot): void {
    const present = new Set<string>();
    const netPresent = new Set<string>();
    for (const d of s.domains) {
      if (!d.spec) continue;
      for (const v of d.vbds) {
        const dir = this.#vbdDir(d.domid, v.spec.devid);
        present.add(dir);
        const stats: [string, number][] = [
          ['oo_req', v.oo],
          ['rd_req', v.rd],
          ['wr_req', v.wr],
          ['f_req', v.flush],
          ['ds_req', 0],
          ['rd_sect', v.rsect],
          ['wr_sect', v.wsect],
        ];
        for (const [name, value] of stats)
          putCounter(this.#p(`${dir}/statistics/${name}`), `${Math.floor(value)}\n`);
        if (!this.#backendDirs.has(dir)) {
          put(
            this.#p(`${dir}/physical_device`),
            `${v.spec.physMajor.toString(16)}:${v.spec.physMinor.toString(16)}\n`,
          );
          put(this.#p(`${dir}/mode`), `${v.spec.access}\n`);
          put(this.#p(`${dir}/nodename`), `backend/vbd/${d.domid}/${v.spec.devid}\n`);
          put(this.#p(`${dir}/devtype`), 'vbd\n');
          this.#backendDirs.add(dir);
        }
        this.#accountLv(v);
      }
      for (const v of d.vifs) {
        const dir = `sys/bus/xen-backend/devices/vif-${d.domid}-${v.spec.devid}`;
        const ifname = `vif${d.domid}.${v.spec.devid}`;
        present.add(dir);
        netPresent.add(ifname);
        if (!this.#backendDirs.has(dir)) {
          put(this.#p(`${dir}/nodename`), `backend/vif/${d.domid}/${v.spec.devid}\n`);
          put(this.#p(`${dir}/devtype`), 'vif\n');
          this.#backendDirs.add(dir);
        }
        const netDir = `sys/class/net/${ifname}`;
        if (!this.#netDirs.has(ifname)) {
          mkdirSync(this.#p(netDir), { recursive: true });
          // As in sysfs: `device` is the xen-backend device, `master` the bridge.
          symlinkSync(
            `../../../bus/xen-backend/devices/vif-${d.domid}-${v.spec.devid}`,
            this.#p(`${netDir}/device`),
          );
          symlinkSync(`../${v.spec.bridge}`, this.#p(`${netDir}/master`));
          put(this.#p(`${netDir}/operstate`), 'up\n');
          this.#netDirs.add(ifname);
        }
        this.#netStats(netDir, v);
      }
    }
    // Destroyed domains lose their backend devices and interfaces.
    for (const dir of [...this.#backendDirs]) {
      if (present.has(dir)) continue;
      rmSync(this.#p(dir), { recursive: true, force: true });
      forget(this.#p(dir));
      this.#backendDirs.delete(dir);
    }
    for (const ifname of [...this.#netDirs]) {
      if (netPresent.has(ifname)) continue;
      rmSync(this.#p(`sys/class/net/${ifname}`), { recursive: true, force: true });
      forget(this.#p(`sys/class/net/${ifname}`));
      this.#netDirs.delete(ifname);
    }
    for (const b of this.#sim.host.bridges) {
      for (const name of [b.nic, b.name]) {
        const c = this.#nicTotals.get(name)!;
        this.#netStats(`sys/class/net/${name}`, c);
      }
    }
  }

  #netStats(dir: string, c: IfCounters): void {
    const values: Record<string, number> = {
      rx_bytes: c.rxBytes,
      rx_packets: c.rxPkts,
      rx_dropped: c.rxDrop,
      tx_bytes: c.txBytes,
      tx_packets: c.txPkts,
      tx_dropped: c.txDrop,
    };
    for (const f of NET_STAT_FILES)
      putCounter(this.#p(`${dir}/statistics/${f}`), `${Math.floor(values[f] ?? 0)}\n`);
  }

  #accountLv(v: DomainRuntime['vbds'][number]): void {
    if (v.spec.physMajor !== 253) return;
    const last = this.#lastVbd.get(v) ?? { rd: 0, wr: 0, rs: 0, ws: 0 };
    const tot = this.#dmTotals.get(v.spec.physMinor);
    if (tot) {
      tot.rd += v.rd - last.rd;
      tot.wr += v.wr - last.wr;
      tot.rs += v.rsect - last.rs;
      tot.ws += v.wsect - last.ws;
    }
    this.#lastVbd.set(v, { rd: v.rd, wr: v.wr, rs: v.rsect, ws: v.wsect });
  }

  #procfs(s: StepSnapshot): void {
    const sim = this.#sim;
    const dt = sim.intervalMs / 1000;
    const lines: string[] = [];
    const row = (
      major: number,
      minor: number,
      name: string,
      r: number,
      rs: number,
      w: number,
      ws: number,
      io: number,
      wq: number,
      fl: number,
    ) =>
      `${String(major).padStart(4)} ${String(minor).padStart(7)} ${name} ${Math.floor(r)} 0 ${Math.floor(rs)} ${Math.floor(r * 0.6)} ${Math.floor(w)} 0 ${Math.floor(ws)} ${Math.floor(w * 0.9)} 0 ${Math.floor(io)} ${Math.floor(wq)} 0 0 0 0 ${Math.floor(fl)} ${Math.floor(fl * 0.5)}`;
    s.disks.forEach((d, i) => {
      const hd = sim.host.disks[i]!;
      lines.push(
        row(
          hd.major,
          hd.minor,
          d.name,
          d.reads,
          d.readSect,
          d.writes,
          d.writeSect,
          d.ioMs,
          d.weightedMs,
          d.flushes,
        ),
      );
    });
    for (const lv of sim.host.lvs) {
      const t = this.#dmTotals.get(lv.dmMinor)!;
      lines.push(row(253, lv.dmMinor, `dm-${lv.dmMinor}`, t.rd, t.rs, t.wr, t.ws, 0, 0, 0));
    }
    put(this.#p('proc/diskstats'), `${lines.join('\n')}\n`);

    for (const n of s.nics) {
      const nic = this.#nicTotals.get(n.name)!;
      nic.rxBytes += n.rxBytes * dt;
      nic.rxPkts += n.rxPkts * dt;
      nic.txBytes += n.txBytes * dt;
      nic.txPkts += n.txPkts * dt;
      const br = this.#nicTotals.get(n.bridge)!;
      br.rxBytes += n.rxBytes * dt * 0.02;
      br.rxPkts += n.rxPkts * dt * 0.02;
    }
    const dev = (name: string, c: IfCounters) => {
      const f = (x: number, w: number) => String(Math.floor(x)).padStart(w);
      return `${name.padStart(6)}: ${f(c.rxBytes, 7)} ${f(c.rxPkts, 7)} ${f(0, 4)} ${f(c.rxDrop, 4)} ${f(0, 4)} ${f(0, 5)} ${f(0, 10)} ${f(0, 9)} ${f(c.txBytes, 8)} ${f(c.txPkts, 7)} ${f(0, 4)} ${f(c.txDrop, 4)} ${f(0, 4)} ${f(0, 5)} ${f(0, 7)} ${f(0, 10)}`;
    };
    const netLines = [dev('lo', { rxBytes: 0, rxPkts: 0, rxDrop: 0, txBytes: 0, txPkts: 0, txDrop: 0 })];
    for (const [name, c] of this.#nicTotals) netLines.push(dev(name, c));
    for (const d of s.domains) for (const v of d.vifs) netLines.push(dev(`vif${d.domid}.${v.spec.devid}`, v));
    put(this.#p('proc/net/dev'), `${NET_DEV_HEADER}${netLines.join('\n')}\n`);

    // dom0's CPUs in USER_HZ (100/s): what dom0 itself sees.
    const hz = 100 * dt * sim.host.dom0.vcpus;
    const busy = Math.min(1, s.dom0Util);
    const j = this.#dom0Jiffies;
    j.user += hz * busy * 0.45;
    j.system += hz * busy * 0.55;
    j.iowait += hz * (1 - busy) * 0.02;
    j.idle += hz * (1 - busy) * 0.98;
    const cpuLine = (label: string, k: number) =>
      `${label} ${Math.floor(j.user * k)} 0 ${Math.floor(j.system * k)} ${Math.floor(j.idle * k)} ${Math.floor(j.iowait * k)} 0 ${Math.floor(j.system * k * 0.05)} 0 0 0`;
    const stat = [cpuLine('cpu ', 1)];
    for (let c = 0; c < sim.host.dom0.vcpus; c++) stat.push(cpuLine(`cpu${c}`, 1 / sim.host.dom0.vcpus));
    stat.push(`btime ${Math.floor(sim.hostBootMs / 1000)}`, 'procs_running 1', 'procs_blocked 0');
    put(this.#p('proc/stat'), `${stat.join('\n')}\n`);
  }

  #state(s: StepSnapshot): void {
    const sim = this.#sim;
    const guestMem = s.domains.reduce((sum, d) => sum + (d.spec ? d.memKiB : 0), 0) / 1024;
    const state = {
      t: s.t,
      hostName: sim.host.name,
      hostMemKiB: sim.host.totalMemoryMiB * 1024,
      xlInfo: renderXlInfo(
        sim.host,
        Math.max(0, Math.round(sim.host.totalMemoryMiB - sim.host.dom0.memoryMiB - guestMem)),
      ),
      dmesg: this.#dmesg,
      domains: s.domains.map((d) => ({
        name: d.name,
        domid: d.domid,
        flags: d.flags,
        cpuSeconds: d.cpuSeconds,
        memKiB: d.memKiB,
        maxmemKiB: d.maxmemKiB,
        vcpus: d.vcpus,
        vifs: d.vifs.map((v) => ({
          rxBytes: v.rxBytes,
          rxPkts: v.rxPkts,
          rxDrop: v.rxDrop,
          txBytes: v.txBytes,
          txPkts: v.txPkts,
          txDrop: v.txDrop,
        })),
        vbds: d.vbds.map((v) => ({
          devid: v.spec.devid,
          oo: v.oo,
          rd: v.rd,
          wr: v.wr,
          rsect: v.rsect,
          wsect: v.wsect,
        })),
        config: d.spec ? libxlConfig(d.spec) : { c_info: { type: 'pv', name: 'Domain-0' } },
      })),
    };
    put(this.#p(STATE_REL), JSON.stringify(state));
  }

  step(s: StepSnapshot): void {
    this.#logs(s.t);
    this.#sysfs(s);
    this.#procfs(s);
    this.#dmesg = this.#hypervisorRing();
    this.#state(s);
    put(this.#p('truth.json'), renderTruth(buildTruth(this.#sim, SYMPTOM_LAG)));
  }

  #hypervisorRing(): string[] {
    const path = this.#p('var/log/xen/console/hypervisor.log');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    if (text.length === this.#ringCache.size) return this.#ringCache.lines;
    const lines = text
      .split('\n')
      .filter((l) => l.includes('(XEN) '))
      .map((l) => l.replace(/^\[[^\]]*\] /, ''));
    this.#ringCache = { size: text.length, lines };
    return lines;
  }
}

export async function runLive(opts: LiveOptions): Promise<LiveHandle> {
  const now = opts.now ?? Date.now;
  const interval = opts.intervalSeconds ?? 1;
  // The first step ends at the latest whole interval, so nothing is written ahead of the clock.
  const startMs = (Math.floor(now() / (interval * 1000)) - 1) * interval * 1000;
  const sim = createSimulation({
    scenario: opts.scenario ?? 'story',
    seed: opts.seed ?? 1,
    overrides: { domains: opts.domains ?? 6, intervalSeconds: interval, days: 1, gaps: 0 },
    startMs,
    endMs: startMs + 86_400_000,
    firstEpisodeAfterSeconds: opts.faultAfterSeconds ?? 20,
    fast: opts.fast ?? true,
  });
  const tree = new LiveTree(opts.root, sim);
  tree.init();
  let steps = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  const endAt =
    opts.durationSeconds !== undefined ? startMs + opts.durationSeconds * 1000 : Number.POSITIVE_INFINITY;

  const finish = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    resolveDone();
  };
  const tick = () => {
    timer = null;
    if (stopped) return;
    // Catch up if the event loop was late, one step per interval of wall time.
    while (!stopped && sim.t + sim.intervalMs <= now() && !sim.done) {
      tree.step(sim.step());
      steps++;
      if (sim.t >= endAt) finish();
    }
    if (sim.done) finish();
    if (!stopped) timer = setTimeout(tick, Math.max(10, sim.t + sim.intervalMs - now()));
  };
  // The first snapshot at once, so the tree is complete before the first interval passes.
  tree.step(sim.step());
  steps++;
  timer = setTimeout(tick, Math.max(10, sim.t + sim.intervalMs - now()));

  return {
    root: opts.root,
    get steps() {
      return steps;
    },
    truth: () => buildTruth(sim, SYMPTOM_LAG),
    stop: async () => {
      finish();
      await done;
    },
    done,
  };
}
