/**
 * `xentop -b -n -x -f -d N` in the documented capture form: a `date -Iseconds` line before each
 * iteration's header (design.md, "Time"). Columns, widths and sub-lines follow xentop.c
 * (reference §1): the NAME (with -f) and the NETTX/NETRX/VBD_RD/VBD_WR/VBD_RSECT/VBD_WSECT
 * columns widen to fit and never shrink while one xentop runs; CPU(%) is 0.0 on the first
 * iteration of a run.
 */
import type { DomainRuntime, StepSnapshot } from '../simulate.js';
import { isoSeconds } from './stamps.js';

export interface XentopOptions {
  /** Host memory, KiB (MEM(%) and MAXMEM(%) are relative to it). */
  readonly hostMemKiB: number;
  readonly fullNames?: boolean;
  readonly nets?: boolean;
  readonly vbds?: boolean;
  /** Print the `date -Iseconds` line before each header (the capture form). */
  readonly dateLines?: boolean;
}

const TITLES = [
  'NAME',
  'STATE',
  'CPU(sec)',
  'CPU(%)',
  'MEM(k)',
  'MEM(%)',
  'MAXMEM(k)',
  'MAXMEM(%)',
  'VCPUS',
  'NETS',
  'NETTX(k)',
  'NETRX(k)',
  'VBDS',
  'VBD_OO',
  'VBD_RD',
  'VBD_WR',
  'VBD_RSECT',
  'VBD_WSECT',
  'SSID',
] as const;
const DEFAULT_WIDTHS = [10, 6, 10, 6, 10, 6, 10, 9, 5, 4, 8, 8, 4, 8, 8, 8, 10, 10, 4];
/** Columns xentop widens (NAME only with -f). */
const GROWS = [0, 10, 11, 14, 15, 16, 17];

function fl(x: number): string {
  return String(Math.floor(x));
}

const SPACES: string[] = [];
for (let i = 0, s = ''; i <= 64; i++, s += ' ') SPACES.push(s);

/** Right-aligns `s` in `w` columns (padStart without its per-call overhead). */
function padL(s: string, w: number): string {
  return s.length >= w ? s : SPACES[w - s.length]! + s;
}

/** The numbers of one row, before padding. */
function rowFields(d: DomainRuntime, cpuPct: number, hostMemKiB: number): string[] {
  let nettx = 0;
  let netrx = 0;
  for (const v of d.vifs) {
    nettx += v.txBytes;
    netrx += v.rxBytes;
  }
  let oo = 0;
  let rd = 0;
  let wr = 0;
  let rs = 0;
  let ws = 0;
  for (const v of d.vbds) {
    oo += Math.floor(v.oo);
    rd += Math.floor(v.rd);
    wr += Math.floor(v.wr);
    rs += Math.floor(v.rsect);
    ws += Math.floor(v.wsect);
  }
  return [
    d.name,
    d.flags,
    fl(d.cpuSeconds),
    cpuPct.toFixed(1),
    String(d.memKiB),
    ((d.memKiB / hostMemKiB) * 100).toFixed(1),
    String(d.maxmemKiB),
    ((d.maxmemKiB / hostMemKiB) * 100).toFixed(1),
    String(d.vcpus),
    String(d.vifs.length),
    fl(nettx / 1024),
    fl(netrx / 1024),
    String(d.vbds.length),
    String(oo),
    String(rd),
    String(wr),
    String(rs),
    String(ws),
    '0',
  ];
}

function p8(x: number): string {
  return padL(String(Math.floor(x)), 8);
}

function p10(x: number): string {
  return padL(String(Math.floor(x)), 10);
}

export function netSubLine(ordinal: number, v: DomainRuntime['vifs'][number]): string {
  const p = p8;
  return `Net${ordinal} RX: ${p(v.rxBytes)}bytes ${p(v.rxPkts)}pkts ${p(0)}err ${p(v.rxDrop)}drop  TX: ${p(v.txBytes)}bytes ${p(v.txPkts)}pkts ${p(0)}err ${p(v.txDrop)}drop`;
}

export function vbdSubLine(v: DomainRuntime['vbds'][number]): string {
  const devid = v.spec.devid;
  const major = padL((devid >> 8).toString(16), 2);
  const minor = padL((devid & 0xff).toString(16), 2);
  return `VBD BlkBack ${padL(String(devid), 4)} [${major}:${minor}]  OO: ${p8(v.oo)}   RD: ${p8(v.rd)}   WR: ${p8(v.wr)}   RSECT: ${p10(v.rsect)}   WSECT: ${p10(v.wsect)}`;
}

/** One xentop process: keeps the widths and the previous CPU times, as xentop does. */
export class XentopWriter {
  readonly #opts: Required<XentopOptions>;
  #widths = DEFAULT_WIDTHS.slice();
  #prevCpu = new Map<string, { domid: number; cpu: number }>();
  #prevT: number | null = null;

  constructor(opts: XentopOptions) {
    this.#opts = { fullNames: true, nets: true, vbds: true, dateLines: true, ...opts };
  }

  /** A new xentop process (after a collector gap): widths and CPU(%) start over. */
  restart(): void {
    this.#widths = DEFAULT_WIDTHS.slice();
    this.#prevCpu.clear();
    this.#prevT = null;
  }

  /** The lines of one iteration for the domains present at `t`. */
  iteration(t: number, domains: readonly DomainRuntime[], emit: (line: string) => void): void {
    const o = this.#opts;
    const first = this.#prevT === null;
    const elapsed = first ? 0 : (t - this.#prevT!) / 1000;
    const rows: string[][] = [];
    for (const d of domains) {
      const prev = this.#prevCpu.get(d.name);
      let pct = 0;
      if (!first && prev && prev.domid === d.domid && elapsed > 0) {
        pct = Math.max(0, ((d.cpuSeconds - prev.cpu) / elapsed) * 100);
      }
      this.#prevCpu.set(d.name, { domid: d.domid, cpu: d.cpuSeconds });
      const f = rowFields(d, pct, o.hostMemKiB);
      if (!o.fullNames) f[0] = d.name.slice(0, 10);
      rows.push(f);
    }
    this.#prevT = t;
    for (const f of rows) {
      for (const c of GROWS) {
        if (c === 0 && !o.fullNames) continue;
        if (f[c]!.length > this.#widths[c]!) this.#widths[c] = f[c]!.length;
      }
    }
    const w = this.#widths;
    if (o.dateLines) emit(isoSeconds(t));
    let header = padL(TITLES[0], w[0]!);
    for (let i = 1; i < TITLES.length; i++) header += ` ${padL(TITLES[i]!, w[i]!)}`;
    emit(header);
    for (let r = 0; r < rows.length; r++) {
      const f = rows[r]!;
      let line = padL(f[0]!, w[0]!);
      for (let i = 1; i < f.length; i++) line += ` ${padL(f[i]!, w[i]!)}`;
      emit(line);
      const d = domains[r]!;
      if (o.nets) for (let i = 0; i < d.vifs.length; i++) emit(netSubLine(i, d.vifs[i]!));
      if (o.vbds) for (let i = 0; i < d.vbds.length; i++) emit(vbdSubLine(d.vbds[i]!));
    }
  }

  /** Renders a snapshot, honouring collector gaps (nothing printed) and restarts. */
  snapshot(s: StepSnapshot, emit: (line: string) => void): void {
    if (s.inGap) return;
    if (s.collectorRestarted) this.restart();
    this.iteration(s.t, s.domains, emit);
  }
}
