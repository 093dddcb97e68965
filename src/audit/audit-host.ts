/**
 * What the rules see: hosts, each with its parsed configuration files (and their text, for
 * pragmas and placeholders), the host captures given with `--host-info` (`xl info`, `lvs`/`pvs`,
 * `/dev` listings, `xl list -l`, `xl vcpu-list`), every disk's canonical backing, and the topology.
 * Pure: texts come in, nothing is read here.
 */
import { parseConfigText } from '../formats/xlcfg.js';
import type {
  DevNodeRecord,
  DiskSpec,
  DomainConfig,
  Located,
  LvmLvRecord,
  LvmPvRecord,
  Topology,
  VcpuRecord,
} from '../model/index.js';
import {
  type AliasTables,
  aliasTables,
  buildTopology,
  type Canonical,
  canonicalTarget,
  lvOf,
  NO_INPUTS,
  type RunningDomain,
  type Sourced,
} from '../topology/index.js';

/** One configuration file of a host. */
export interface AuditConfig {
  readonly file: string;
  /** The path relative to its host folder (or the base name of a loose file): fingerprints use it. */
  readonly rel: string;
  readonly text: string;
  readonly config: DomainConfig;
  /** `name =`, else the file name without `.cfg`. */
  readonly domain: string;
}

/** A disk of a config with where its data lives. */
export interface AuditDisk {
  readonly cfg: AuditConfig;
  readonly disk: Located<DiskSpec>;
  readonly backing: Canonical;
  /** PVs under the LV, when lvs output lists it. */
  readonly pvs: readonly string[];
}

/** Host captures, each with the file and line that said it. */
export interface HostCaptures {
  readonly hostInfo: readonly Sourced<Readonly<Record<string, string>>>[];
  readonly lvs: readonly Sourced<LvmLvRecord>[];
  readonly pvs: readonly Sourced<LvmPvRecord>[];
  readonly devNodes: readonly Sourced<DevNodeRecord>[];
  readonly running: readonly Sourced<RunningDomain>[];
  readonly vcpus: readonly Sourced<VcpuRecord>[];
}

export const NO_CAPTURES: HostCaptures = {
  hostInfo: [],
  lvs: [],
  pvs: [],
  devNodes: [],
  running: [],
  vcpus: [],
};

export interface AuditHost {
  readonly name: string;
  readonly configs: readonly AuditConfig[];
  readonly captures: HostCaptures;
  readonly aliases: AliasTables;
  readonly disks: readonly AuditDisk[];
  readonly topology: Topology;
}

/** A configuration file's text with its display path and its path relative to the host. */
export interface ConfigSource {
  readonly file: string;
  readonly rel: string;
  readonly text: string;
}

export function fileStem(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.cfg$/, '');
}

/** Parses the configs and resolves every disk; `captures` refine backings (aliases, PVs). */
export function buildHost(name: string, sources: readonly ConfigSource[], captures = NO_CAPTURES): AuditHost {
  const configs: AuditConfig[] = sources.map((s) => {
    const config = parseConfigText(s.text, s.file);
    return { file: s.file, rel: s.rel, text: s.text, config, domain: config.name?.value ?? fileStem(s.file) };
  });
  return hostOf(name, configs, captures);
}

/** The same from configs already parsed. */
export function hostOf(name: string, configs: readonly AuditConfig[], captures = NO_CAPTURES): AuditHost {
  const aliases = aliasTables(
    captures.lvs.map((l) => l.value),
    captures.pvs.map((p) => p.value.vg),
    captures.devNodes.map((n) => n.value),
  );
  const lvPvs = pvsOfLvs(captures.lvs.map((l) => l.value));
  const disks: AuditDisk[] = [];
  for (const cfg of configs)
    for (const disk of cfg.config.disks) {
      const spec = disk.value;
      const backing = canonicalTarget(spec.target ?? '', aliases, spec.script);
      // Without lvs output there are no PVs to look up.
      const lv = lvPvs.size > 0 ? lvOf(backing.id) : null;
      disks.push({ cfg, disk, backing, pvs: lv ? (lvPvs.get(`${lv[0]}/${lv[1]}`) ?? []) : [] });
    }
  let topology: Topology | undefined;
  return {
    name,
    configs,
    captures,
    aliases,
    disks,
    // Config-only topology, built when asked (no rule needs it; callers showing shares do).
    get topology(): Topology {
      topology ??= buildTopology(name, {
        ...NO_INPUTS,
        configs: configs.map((c) => ({ value: c.config, file: c.file, line: 1 })),
        hostInfo: captures.hostInfo,
        lvs: captures.lvs,
        pvs: captures.pvs,
        devNodes: captures.devNodes,
      });
      return topology;
    },
  };
}

/** `vg/lv` → the PVs under it, segments merged and sub-LVs (`[thin_tdata]`) followed. */
function pvsOfLvs(lvs: readonly LvmLvRecord[]): Map<string, string[]> {
  const direct = new Map<string, string[]>();
  for (const r of lvs) {
    const k = `${r.vg}/${r.lv.replace(/^\[(.*)\]$/, '$1')}`;
    const list = direct.get(k) ?? [];
    for (const seg of r.devices) if (!list.includes(seg.pv)) list.push(seg.pv);
    direct.set(k, list);
  }
  const resolve = (vg: string, pvs: readonly string[], depth: number): string[] =>
    pvs.flatMap((pv) => {
      if (pv.startsWith('/') || depth > 8) return [pv];
      const sub = direct.get(`${vg}/${pv.replace(/^\[(.*)\]$/, '$1')}`);
      return sub ? resolve(vg, sub, depth + 1) : [pv];
    });
  const out = new Map<string, string[]>();
  for (const [k, pvs] of direct) out.set(k, [...new Set(resolve(k.split('/')[0]!, pvs, 0))]);
  return out;
}

/** The last `xl info` of a host, with where it came from. */
export function hostInfoOf(host: AuditHost): Sourced<Readonly<Record<string, string>>> | null {
  return host.captures.hostInfo[host.captures.hostInfo.length - 1] ?? null;
}

/** `localeCompare`'s default order, without building the comparison per call. */
const COLLATOR = new Intl.Collator();

const domainsCache = new WeakMap<AuditHost, ReadonlyMap<string, readonly AuditConfig[]>>();

/**
 * Configs of a host grouped by domain name: copies of one domain (`bak/`, `.cfg.b`) are one domain
 * for sums (overcommit) and peer comparison; the first by path stands for the group. Made once per
 * host (several rules ask): the map and its lists are shared, never to be changed by a caller.
 */
export function domainsOf(host: AuditHost): ReadonlyMap<string, readonly AuditConfig[]> {
  const cached = domainsCache.get(host);
  if (cached !== undefined) return cached;
  const out = new Map<string, AuditConfig[]>();
  for (const c of [...host.configs].sort((a, b) => COLLATOR.compare(a.file, b.file))) {
    let list = out.get(c.domain);
    if (!list) out.set(c.domain, (list = []));
    list.push(c);
  }
  domainsCache.set(host, out);
  return out;
}
