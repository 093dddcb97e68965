/**
 * Topology facts: what `import` keeps of the records topology is computed from (configs, `xl info`,
 * lvs/pvs, `/dev` listings, `xl list -l`, `xl vcpu-list`, sysfs attributes, xenstore backend writes),
 * and the way back from stored facts to the inputs of `buildTopology`. Topology is computed when
 * asked, so a later import (an lvs capture after the configs) refines it.
 */

import { parseSysfsAttributes, type SysfsVbd, type SysfsVif } from '../formats/sysfs-dump.js';
import type {
  DevNodeRecord,
  DomainConfig,
  Fact,
  FactKind,
  LvmLvRecord,
  LvmPvRecord,
  ParsedRecord,
  VcpuRecord,
} from '../model/index.js';
import { FACT_KINDS, isMember } from '../model/index.js';
import type { LiveLinks } from './live-links.js';

/** A value with the file and line that said it. */
export interface Sourced<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number;
}

export interface RunningDomain {
  readonly domid: number | null;
  readonly name: string;
  /** libxl's `libxl_domain_config` as `xl list -l` prints it. */
  readonly config: unknown;
}

export interface XenstoreWrite {
  readonly path: string;
  readonly value: string;
  readonly ts: number | null;
}

/** A host NIC enslaved to a bridge (a live host's `/sys/class/net/<nic>/master`). */
export interface HostNic {
  readonly nic: string;
  readonly bridge: string;
}

export interface TopologyInputs {
  readonly configs: readonly Sourced<DomainConfig>[];
  readonly running: readonly Sourced<RunningDomain>[];
  readonly hostInfo: readonly Sourced<Readonly<Record<string, string>>>[];
  readonly lvs: readonly Sourced<LvmLvRecord>[];
  readonly pvs: readonly Sourced<LvmPvRecord>[];
  readonly devNodes: readonly Sourced<DevNodeRecord>[];
  readonly vcpus: readonly Sourced<VcpuRecord>[];
  readonly sysfsVbds: readonly Sourced<SysfsVbd>[];
  readonly sysfsVifs: readonly Sourced<SysfsVif>[];
  readonly xenstore: readonly Sourced<XenstoreWrite>[];
  /** domid ↔ name seen elsewhere (xl list, xl logs): names sysfs and xenstore devices. */
  readonly domidNames?: readonly { readonly domid: number; readonly name: string }[];
  readonly hostNics?: readonly Sourced<HostNic>[];
  /** This machine's own links and filesystems: only when the host *is* this machine. */
  readonly live?: LiveLinks;
}

export const NO_INPUTS: TopologyInputs = {
  configs: [],
  running: [],
  hostInfo: [],
  lvs: [],
  pvs: [],
  devNodes: [],
  vcpus: [],
  sysfsVbds: [],
  sysfsVifs: [],
  xenstore: [],
};

function fact(kind: FactKind, key: string, value: unknown, file: string, line: number): Fact {
  return { kind, key, json: JSON.stringify(value), file, line };
}

/** The fact a parsed record carries for topology, or null for records topology does not read. */
export function factOf(rec: ParsedRecord, file: string): Fact | null {
  switch (rec.type) {
    case 'domain-config':
      return fact('domain-config', rec.config.file, rec.config, file, 1);
    case 'domain-json':
      return fact(
        'domain-json',
        rec.name,
        { domid: rec.domid, name: rec.name, config: rec.config },
        file,
        rec.line,
      );
    case 'host-info':
      return fact('host-info', rec.facts.host ?? '', rec.facts, file, rec.line);
    case 'lvm-lv':
      return fact('lvm-lv', `${rec.vg}/${rec.lv}`, rec, file, rec.line);
    case 'lvm-pv':
      return fact('lvm-pv', rec.pv, rec, file, rec.line);
    case 'dev-node':
      return fact('dev-node', rec.path, rec, file, rec.line);
    case 'vcpu':
      return fact('vcpu', `${rec.domain}/${rec.vcpu}`, rec, file, rec.line);
    default:
      return null;
  }
}

/** xenstore writes that say which device backs a vbd or vif, and which name a domid has. */
const XENSTORE_BACKEND_RE =
  /(?:^|\/)backend\/(vbd|qdisk|vbd3|vif)\/(\d+)\/(\d+)\/(params|physical-device-path|physical-device|mode|mac|bridge|ip|script|type)$/;
const XENSTORE_NAME_RE = /^\/local\/domain\/(\d+)\/name$/;

/** The fact of one `xenstored-access.log` write, or null when topology has no use for it. */
export function xenstoreFact(
  op: string,
  path: string,
  value: string,
  ts: number | null,
  file: string,
  line: number,
): Fact | null {
  if (op !== 'write' || !(XENSTORE_BACKEND_RE.test(path) || XENSTORE_NAME_RE.test(path))) return null;
  return fact('xenstore-write', path, { path, value, ts }, file, line);
}

/**
 * The topology facts of a sysfs dump (vbd `physical_device` and `mode`, vif names and bridges),
 * each with the first line that shows it. `lines` are the dump's lines with their numbers; only the
 * attribute lines are needed.
 */
export function sysfsFacts(
  lines: readonly { readonly text: string; readonly line: number }[],
  file: string,
): Fact[] {
  const attrs = parseSysfsAttributes(lines.map((l) => l.text));
  const lineOf = (needle: string) => lines.find((l) => l.text.includes(needle))?.line ?? 0;
  const out: Fact[] = [];
  for (const v of attrs.vbds) {
    const dir = `-${v.domid}-${v.devid}/`;
    const line = lineOf(`${dir}physical_device`) || lineOf(`${dir}mode`);
    out.push(fact('sysfs-vbd', `${v.domid}-${v.devid}`, v, file, line));
  }
  for (const v of attrs.vifs) {
    const line =
      lineOf(`/net/${v.ifname}/master`) ||
      lineOf(`/net/${v.ifname}/brport/bridge`) ||
      lineOf(`/net/${v.ifname}/`);
    out.push(fact('sysfs-vif', v.ifname, v, file, line));
  }
  return out;
}

/** Sysfs dump lines that can carry a topology attribute (the rest are counters). */
export function isSysfsAttributeLine(text: string): boolean {
  return /\/(?:physical_device|mode|master|brport\/bridge|device\/nodename):/.test(text);
}

/**
 * Facts (in the order they were stored) → the inputs of `buildTopology`. For each kind and key the
 * facts of the last file that has it win: a newer capture of the same LV replaces the older one, all
 * rows of that capture (an LV's segments) are kept.
 */
export function inputsFromFacts(facts: readonly Fact[]): TopologyInputs {
  const lastFile = new Map<string, string>();
  for (const f of facts) lastFile.set(`${f.kind}\u0000${f.key}`, f.file);
  const buckets = new Map<FactKind, Sourced<unknown>[]>();
  for (const f of facts) {
    if (!isMember(FACT_KINDS, f.kind)) continue;
    if (lastFile.get(`${f.kind}\u0000${f.key}`) !== f.file) continue;
    let value: unknown;
    try {
      value = JSON.parse(f.json);
    } catch {
      continue;
    }
    let list = buckets.get(f.kind);
    if (!list) buckets.set(f.kind, (list = []));
    list.push({ value, file: f.file, line: f.line });
  }
  const of = <T>(k: FactKind) => (buckets.get(k) ?? []) as Sourced<T>[];
  return {
    configs: of<DomainConfig>('domain-config'),
    running: of<RunningDomain>('domain-json'),
    hostInfo: of<Record<string, string>>('host-info'),
    lvs: of<LvmLvRecord>('lvm-lv'),
    pvs: of<LvmPvRecord>('lvm-pv'),
    devNodes: of<DevNodeRecord>('dev-node'),
    vcpus: of<VcpuRecord>('vcpu'),
    sysfsVbds: of<SysfsVbd>('sysfs-vbd'),
    sysfsVifs: of<SysfsVif>('sysfs-vif'),
    xenstore: of<XenstoreWrite>('xenstore-write'),
  };
}
