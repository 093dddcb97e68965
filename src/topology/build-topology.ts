/**
 * Who shares what with whom (design.md, "Topology"): from configs, `xl list -l`, xenstore backend
 * writes, sysfs attributes, lvs/pvs, `/dev` listings, `xl info` and `xl vcpu-list`, the disks and
 * vifs of every domain, the LV → VG → PV chain under each disk, bridges and NICs, pCPU affinities,
 * and the resources two or more domains use. Pure: everything comes in `TopologyInputs`.
 *
 * A domain with live evidence (running JSON, xenstore, sysfs) is one entry by name, and the live
 * evidence wins over its configs; a domain known only from configuration files is one entry per
 * file, because copies of a config (`bak/`, `.cfg.b`) are what an operator might start next.
 */
import type {
  DomainConfig,
  Share,
  ShareKind,
  ShareMember,
  Topology,
  TopologyAffinity,
  TopologyBridge,
  TopologyDisk,
  TopologyDomain,
  TopologyHostCpus,
  TopologyLv,
  TopologyPv,
  TopologyVif,
} from '../model/index.js';
import { SHARE_KINDS, vdevName, vdevToDevid } from '../model/index.js';
import { type AliasTables, aliasTables, canonicalTarget, lvOf } from './canonical-target.js';
import { formatCpuList, parseCpuList } from './cpu-list.js';
import type { Sourced, TopologyInputs } from './facts.js';

interface Entry {
  readonly key: string;
  readonly domain: string;
  readonly config: string | null;
  origin: TopologyDomain['origin'];
  uuid: string | null;
  readonly configs: string[];
  readonly evidence: string[];
}

interface DiskDraft {
  readonly entry: Entry;
  readonly vdev: string;
  targetAsWritten: string;
  script: string | null;
  readwrite: boolean;
  /** Where the target came from: the most authoritative source sets it. */
  rank: number;
  /** `file:line` of the source that set the target. */
  targetWhere: string;
  readonly evidence: string[];
}

interface VifDraft {
  readonly entry: Entry;
  readonly devid: number;
  mac: string | null;
  bridge: string | null;
  bridgeDefaulted: boolean;
  rateBytesPerSec: number | null;
  ips: string[];
  ifname: string | null;
  readonly evidence: string[];
}

const where = (s: Sourced<unknown>, line = s.line) => `${s.file}:${line}`;
const DEFAULT_BRIDGE = 'xenbr0';
const RANK = { config: 1, xenstore: 2, running: 3 } as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

function normaliseMac(mac: string): string {
  const parts = mac.trim().split(/[:.-]/);
  if (parts.length === 6 && parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p)))
    return parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':');
  return mac.trim();
}

function vdevOfDevid(devid: number): string {
  return vdevName(devid);
}

/** `xvda`, `/dev/xvda`, `hdc:cdrom`, `51712` → the stable vdev name. */
function vdevKey(vdev: string): string {
  const bare = vdev.replace(/^\/dev\//, '').replace(/:.*$/, '');
  const devid = vdevToDevid(bare);
  return devid === null ? bare : vdevName(devid);
}

export function buildTopology(host: string, inputs: TopologyInputs): Topology {
  return new TopologyBuilder(host, inputs).build();
}

class TopologyBuilder {
  readonly #host: string;
  readonly #in: TopologyInputs;
  readonly #aliases: AliasTables;
  readonly #entries = new Map<string, Entry>();
  readonly #disks = new Map<string, DiskDraft>();
  readonly #vifs = new Map<string, VifDraft>();
  readonly #domidNames = new Map<number, Set<string>>();
  readonly #nrCpus: number | null;

  constructor(host: string, inputs: TopologyInputs) {
    this.#host = host;
    this.#in = inputs;
    const vgs = inputs.pvs.map((p) => p.value.vg);
    this.#aliases = aliasTables(
      inputs.lvs.map((l) => l.value),
      vgs,
      inputs.devNodes.map((n) => n.value),
      inputs.live,
    );
    const info = inputs.hostInfo[inputs.hostInfo.length - 1]?.value;
    this.#nrCpus = info ? num(info.nr_cpus) : null;
  }

  build(): Topology {
    this.#learnDomids();
    const live = this.#liveNames();
    this.#fromRunning();
    this.#fromXenstore();
    this.#fromSysfs();
    this.#fromConfigs(live);
    const lvs = this.#lvs();
    const pvs = this.#pvs(lvs);
    const disks = this.#finishDisks(lvs);
    const vifs = this.#finishVifs();
    const bridges = this.#bridges(vifs);
    const affinities = this.#affinities();
    const domains: TopologyDomain[] = [...this.#entries.values()]
      .map((e) => ({
        domain: e.domain,
        config: e.config,
        origin: e.origin,
        uuid: e.uuid,
        configs: [...e.configs],
      }))
      .sort((a, b) => a.domain.localeCompare(b.domain) || (a.config ?? '').localeCompare(b.config ?? ''));
    const shares = this.#shares(disks, vifs, affinities, lvs);
    return {
      host: this.#host,
      domains,
      disks,
      vifs,
      lvs,
      pvs,
      bridges,
      affinities,
      hostCpus: this.#hostCpus(),
      shares,
    };
  }

  // ---- domains ----

  #learnDomids(): void {
    const add = (domid: number, name: string) => {
      let set = this.#domidNames.get(domid);
      if (!set) this.#domidNames.set(domid, (set = new Set()));
      set.add(name);
    };
    for (const r of this.#in.running) if (r.value.domid !== null) add(r.value.domid, r.value.name);
    for (const x of this.#in.xenstore) {
      const m = /^\/local\/domain\/(\d+)\/name$/.exec(x.value.path);
      if (m) add(Number(m[1]), x.value.value);
    }
    for (const d of this.#in.domidNames ?? []) add(d.domid, d.name);
  }

  /** The one name a domid had, or null when the evidence names none or several. */
  #nameOf(domid: number): string | null {
    const set = this.#domidNames.get(domid);
    return set && set.size === 1 ? [...set][0]! : null;
  }

  #liveNames(): Set<string> {
    const names = new Set<string>();
    for (const r of this.#in.running) if (r.value.domid !== null) names.add(r.value.name);
    for (const x of this.#in.xenstore) {
      const m = /backend\/(?:vbd|qdisk|vbd3|vif)\/(\d+)\//.exec(x.value.path);
      const name = m ? this.#nameOf(Number(m[1])) : null;
      if (name !== null) names.add(name);
    }
    for (const s of [...this.#in.sysfsVbds, ...this.#in.sysfsVifs]) {
      const name = this.#nameOf(s.value.domid);
      if (name !== null) names.add(name);
    }
    return names;
  }

  #entry(domain: string, config: string | null, origin: TopologyDomain['origin']): Entry {
    const key = config === null ? domain : `${domain}\u0000${config}`;
    let e = this.#entries.get(key);
    if (!e) {
      e = { key, domain, config, origin, uuid: null, configs: [], evidence: [] };
      this.#entries.set(key, e);
    }
    return e;
  }

  #disk(entry: Entry, vdev: string): DiskDraft {
    const key = `${entry.key}\u0000${vdev}`;
    let d = this.#disks.get(key);
    if (!d) {
      d = {
        entry,
        vdev,
        targetAsWritten: '',
        script: null,
        readwrite: false,
        rank: 0,
        targetWhere: '',
        evidence: [],
      };
      this.#disks.set(key, d);
    }
    return d;
  }

  #vif(entry: Entry, devid: number): VifDraft {
    const key = `${entry.key}\u0000${devid}`;
    let v = this.#vifs.get(key);
    if (!v) {
      v = {
        entry,
        devid,
        mac: null,
        bridge: null,
        bridgeDefaulted: false,
        rateBytesPerSec: null,
        ips: [],
        ifname: null,
        evidence: [],
      };
      this.#vifs.set(key, v);
    }
    return v;
  }

  #setTarget(
    d: DiskDraft,
    target: string,
    rank: number,
    readwrite: boolean,
    script: string | null,
    at: string,
  ): void {
    if (rank < d.rank) return;
    d.targetWhere = at;
    d.targetAsWritten = target;
    d.readwrite = readwrite;
    d.script = script;
    d.rank = rank;
  }

  #fromRunning(): void {
    for (const r of this.#in.running) {
      if (r.value.domid === null) continue;
      const entry = this.#entry(r.value.name, null, 'running');
      entry.origin = 'running';
      const cfg = isRecord(r.value.config) ? r.value.config : {};
      const cInfo = isRecord(cfg.c_info) ? cfg.c_info : {};
      entry.uuid = str(cInfo.uuid) ?? entry.uuid;
      const disks = Array.isArray(cfg.disks) ? cfg.disks : [];
      for (const raw of disks) {
        if (!isRecord(raw)) continue;
        const vdev = str(raw.vdev);
        if (vdev === null) continue;
        const d = this.#disk(entry, vdevKey(vdev));
        const pdev = str(raw.pdev_path) ?? '';
        const rw = raw.readwrite === 1 || raw.readwrite === true || raw.readwrite === 'True';
        this.#setTarget(d, pdev, RANK.running, rw, str(raw.script), where(r));
        d.evidence.push(
          `${where(r)}: xl list -l: ${r.value.name} ${vdev} pdev_path ${pdev || '(none)'}${rw ? ', read-write' : ', read-only'}`,
        );
      }
      const nics = Array.isArray(cfg.nics) ? cfg.nics : [];
      nics.forEach((raw, i) => {
        if (!isRecord(raw)) return;
        const v = this.#vif(entry, num(raw.devid) ?? i);
        const mac = str(raw.mac);
        if (mac !== null) v.mac = normaliseMac(mac);
        const bridge = str(raw.bridge);
        if (bridge !== null) {
          v.bridge = bridge;
          v.bridgeDefaulted = false;
        }
        const ip = str(raw.ip);
        if (ip !== null) v.ips = ip.split(/\s+/).filter(Boolean);
        const bytes = num(raw.rate_bytes_per_interval);
        const usecs = num(raw.rate_interval_usecs);
        if (bytes !== null && usecs !== null && usecs > 0) v.rateBytesPerSec = (bytes * 1e6) / usecs;
        v.ifname = str(raw.ifname) ?? v.ifname;
        v.evidence.push(
          `${where(r)}: xl list -l: ${r.value.name} nic ${v.devid} mac ${mac ?? '(random)'} bridge ${bridge ?? '(default)'}`,
        );
      });
    }
  }

  #fromXenstore(): void {
    const vbds = new Map<
      string,
      { entry: Entry; devid: number; attrs: Map<string, Sourced<unknown> & { text: string }> }
    >();
    for (const x of this.#in.xenstore) {
      const m = /backend\/(vbd|qdisk|vbd3|vif)\/(\d+)\/(\d+)\/([a-z-]+)$/.exec(x.value.path);
      if (!m) continue;
      const name = this.#nameOf(Number(m[2]));
      if (name === null) continue;
      const entry = this.#entry(name, null, 'xenstore');
      const devid = Number(m[3]);
      const attr = m[4]!;
      const ev = `${where(x)}: xenstore ${x.value.path} = ${x.value.value}`;
      if (m[1] === 'vif') {
        const v = this.#vif(entry, devid);
        if (attr === 'mac' && v.mac === null) v.mac = normaliseMac(x.value.value);
        else if (attr === 'bridge' && (v.bridge === null || v.bridgeDefaulted)) {
          v.bridge = x.value.value;
          v.bridgeDefaulted = false;
        } else if (attr === 'ip' && v.ips.length === 0) v.ips = x.value.value.split(/\s+/).filter(Boolean);
        else continue;
        v.evidence.push(ev);
        continue;
      }
      const key = `${entry.key}\u0000${devid}`;
      let g = vbds.get(key);
      if (!g) vbds.set(key, (g = { entry, devid, attrs: new Map() }));
      g.attrs.set(attr, { ...x, text: x.value.value });
    }
    for (const g of vbds.values()) {
      const params = g.attrs.get('params');
      const pdp = g.attrs.get('physical-device-path');
      const mode = g.attrs.get('mode');
      const target = params?.text ?? pdp?.text;
      if (target === undefined) continue;
      const d = this.#disk(g.entry, vdevOfDevid(g.devid));
      this.#setTarget(
        d,
        target,
        RANK.xenstore,
        mode ? mode.text.startsWith('w') : true,
        g.attrs.get('script')?.text ?? null,
        where(params ?? pdp!),
      );
      for (const a of [params, pdp, mode])
        if (a) d.evidence.push(`${where(a)}: xenstore backend ${g.devid} ${a.text}`);
    }
  }

  #fromSysfs(): void {
    for (const s of this.#in.sysfsVbds) {
      const name = this.#nameOf(s.value.domid);
      if (name === null) continue;
      const entry = this.#entry(name, null, 'sysfs');
      const d = this.#disk(entry, vdevOfDevid(s.value.devid));
      const pd = s.value.physicalDevice;
      if (pd) {
        const mm = `${pd.major}:${pd.minor}`;
        const hex = `${pd.major.toString(16)}:${pd.minor.toString(16)}`;
        if (d.rank === 0) this.#setTarget(d, mm, 0.5, s.value.mode === 'w', null, where(s));
        const c = canonicalTarget(mm, this.#aliases);
        d.evidence.push(
          `${where(s)}: sysfs vbd-${s.value.domid}-${s.value.devid} physical_device ${hex} = ${mm}${c.kind !== 'unknown' ? ` → ${c.id}` : ''}${c.steps.length ? ` (${c.steps.join('; ')})` : ''}`,
        );
      }
      if (s.value.mode !== null && d.rank <= 0.5) d.readwrite = s.value.mode === 'w';
    }
    for (const s of this.#in.sysfsVifs) {
      const name = this.#nameOf(s.value.domid);
      if (name === null) continue;
      const v = this.#vif(this.#entry(name, null, 'sysfs'), s.value.devid);
      v.ifname = s.value.ifname;
      if (s.value.master !== undefined) {
        v.bridge = s.value.master;
        v.bridgeDefaulted = false;
        v.evidence.push(`${where(s)}: sysfs ${s.value.ifname} master ${s.value.master}`);
      } else v.evidence.push(`${where(s)}: sysfs ${s.value.ifname} is vif ${s.value.domid}.${s.value.devid}`);
    }
  }

  #fromConfigs(live: ReadonlySet<string>): void {
    const byName = new Map<string, Sourced<DomainConfig>[]>();
    for (const c of this.#in.configs) {
      const name = c.value.name?.value ?? fileStem(c.value.file);
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(c);
    }
    for (const [name, list] of byName) {
      const liveEntry = live.has(name) ? this.#entry(name, null, 'running') : null;
      for (const c of list) {
        const entry = liveEntry ?? this.#entry(name, c.value.file, 'config');
        if (liveEntry) liveEntry.configs.push(c.value.file);
        entry.uuid = entry.uuid ?? c.value.uuid?.value ?? null;
        // A live domain's own devices win; its config fills in only when it is the one config.
        if (liveEntry && list.length > 1) continue;
        this.#configDevices(entry, c.value, liveEntry !== null);
      }
    }
  }

  #configDevices(entry: Entry, cfg: DomainConfig, live: boolean): void {
    for (const d of cfg.disks) {
      const spec = d.value;
      if (spec.vdev === null) continue;
      const disk = this.#disk(entry, vdevKey(spec.vdev));
      if (live && disk.rank > 0) continue;
      this.#setTarget(
        disk,
        spec.target ?? '',
        RANK.config,
        spec.readwrite,
        spec.script,
        `${d.file}:${d.line}`,
      );
      disk.evidence.push(`${d.file}:${d.line}: disk '${spec.raw}'`);
    }
    for (const v of cfg.vifs) {
      const spec = v.value;
      const vif = this.#vif(entry, spec.devid);
      if (live && vif.evidence.length > 0) continue;
      vif.mac = spec.macNormalized ?? spec.mac;
      vif.bridge = spec.bridge ?? DEFAULT_BRIDGE;
      vif.bridgeDefaulted = spec.bridge === null;
      vif.ips = [...new Set(spec.ips)];
      vif.rateBytesPerSec = spec.rate ? (spec.rate.bytesPerInterval * 1e6) / spec.rate.intervalUsecs : null;
      vif.evidence.push(`${v.file}:${v.line}: vif '${spec.raw}'`);
    }
  }

  // ---- storage ----

  #lvs(): TopologyLv[] {
    const byLv = new Map<
      string,
      { lv: string; vg: string; pvs: string[]; sizeText: string | null; evidence: string[] }
    >();
    for (const r of this.#in.lvs) {
      const k = `${r.value.vg}/${r.value.lv}`;
      let e = byLv.get(k);
      if (!e)
        byLv.set(
          k,
          (e = { lv: r.value.lv, vg: r.value.vg, pvs: [], sizeText: r.value.sizeText, evidence: [] }),
        );
      for (const seg of r.value.devices) if (!e.pvs.includes(seg.pv)) e.pvs.push(seg.pv);
      const devs = r.value.devices.map((s) => `${s.pv}${s.start !== null ? `(${s.start})` : ''}`).join(',');
      e.evidence.push(`${where(r)}: lvs: ${r.value.lv} in VG ${r.value.vg}${devs ? ` on ${devs}` : ''}`);
    }
    // Sub-LVs (`thin_tdata(0)`, mirror images) stand for the PVs under them.
    const resolvePvs = (vg: string, pvs: readonly string[], depth: number): string[] =>
      pvs.flatMap((pv) => {
        if (pv.startsWith('/') || depth > 8) return [pv];
        const sub = byLv.get(`${vg}/${pv.replace(/^\[(.*)\]$/, '$1')}`);
        return sub ? resolvePvs(vg, sub.pvs, depth + 1) : [pv];
      });
    return [...byLv.values()]
      .map((e) => ({ ...e, pvs: [...new Set(resolvePvs(e.vg, e.pvs, 0))] }))
      .sort((a, b) => a.vg.localeCompare(b.vg) || a.lv.localeCompare(b.lv));
  }

  #pvs(lvs: readonly TopologyLv[]): TopologyPv[] {
    const out = new Map<string, { pv: string; vg: string; evidence: string[] }>();
    for (const p of this.#in.pvs) {
      const e = out.get(p.value.pv) ?? { pv: p.value.pv, vg: p.value.vg, evidence: [] };
      e.evidence.push(`${where(p)}: pvs: ${p.value.pv} in VG ${p.value.vg || '(none)'}`);
      out.set(p.value.pv, e);
    }
    for (const lv of lvs)
      for (const pv of lv.pvs) {
        if (!pv.startsWith('/')) continue;
        const e = out.get(pv) ?? { pv, vg: lv.vg, evidence: [] };
        if (e.evidence.length === 0) e.evidence.push(...lv.evidence);
        out.set(pv, e);
      }
    return [...out.values()].sort((a, b) => a.pv.localeCompare(b.pv));
  }

  #finishDisks(lvs: readonly TopologyLv[]): TopologyDisk[] {
    const lvIndex = new Map(lvs.map((l) => [`${l.vg}/${l.lv}`, l]));
    const out: TopologyDisk[] = [];
    for (const d of this.#disks.values()) {
      const c = canonicalTarget(d.targetAsWritten, this.#aliases, d.script);
      const evidence = [...d.evidence];
      if (c.steps.length > 0)
        evidence.push(`${d.targetWhere}: ${d.targetAsWritten} → ${c.id}: ${c.steps.join('; ')}`);
      const lv = lvOf(c.id);
      const info = lv ? lvIndex.get(`${lv[0]}/${lv[1]}`) : undefined;
      if (info) evidence.push(...info.evidence);
      out.push({
        domain: d.entry.domain,
        config: d.entry.config,
        vdev: d.vdev,
        targetAsWritten: d.targetAsWritten,
        backing: c.id,
        readwrite: d.readwrite,
        vg: lv ? lv[0] : null,
        pvs: info ? info.pvs : [],
        backingConfidence: c.confidence,
        evidence,
      });
    }
    return out.sort(byDomain);
  }

  #finishVifs(): TopologyVif[] {
    return [...this.#vifs.values()]
      .map((v) => ({
        domain: v.entry.domain,
        config: v.entry.config,
        devid: v.devid,
        mac: v.mac,
        bridge: v.bridge ?? DEFAULT_BRIDGE,
        bridgeDefaulted: v.bridge === null || v.bridgeDefaulted,
        rateBytesPerSec: v.rateBytesPerSec,
        ips: v.ips,
        ifname: v.ifname,
        evidence: v.evidence,
      }))
      .sort((a, b) => byDomain(a, b) || a.devid - b.devid);
  }

  #bridges(vifs: readonly TopologyVif[]): TopologyBridge[] {
    const out = new Map<string, { bridge: string; nics: string[]; evidence: string[] }>();
    const get = (b: string) => {
      let e = out.get(b);
      if (!e) out.set(b, (e = { bridge: b, nics: [], evidence: [] }));
      return e;
    };
    for (const v of vifs) if (v.bridge !== null) get(v.bridge);
    for (const n of [...(this.#in.hostNics ?? []), ...(this.#in.live?.hostNics ?? [])]) {
      const e = get(n.value.bridge);
      if (!e.nics.includes(n.value.nic)) e.nics.push(n.value.nic);
      e.evidence.push(`${where(n)}: ${n.value.nic} master ${n.value.bridge}`);
    }
    return [...out.values()].sort((a, b) => a.bridge.localeCompare(b.bridge));
  }

  #affinities(): TopologyAffinity[] {
    const out: TopologyAffinity[] = [];
    const byDomainVcpus = new Map<string, Sourced<{ hardAffinity: string; vcpu: number }>[]>();
    for (const v of this.#in.vcpus) {
      let list = byDomainVcpus.get(v.value.domain);
      if (!list) byDomainVcpus.set(v.value.domain, (list = []));
      list.push(v);
    }
    const covered = new Set<string>();
    for (const [domain, list] of byDomainVcpus) {
      const cpus = new Set<number>();
      let all = false;
      for (const v of list) {
        const p = parseCpuList(v.value.hardAffinity, this.#nrCpus);
        if (p === null || p === undefined) all = true;
        else for (const c of p) cpus.add(c);
      }
      const list2 = [...cpus].sort((a, b) => a - b);
      covered.add(domain);
      out.push({
        domain,
        config: null,
        pcpus: all ? null : list2,
        text: all ? 'all' : formatCpuList(list2),
        evidence: list.map(
          (v) =>
            `${where(v)}: xl vcpu-list: ${domain} vCPU ${v.value.vcpu} hard affinity ${v.value.hardAffinity}`,
        ),
      });
    }
    for (const e of this.#entries.values()) {
      if (covered.has(e.domain) && e.config === null) continue;
      const cfg = this.#configOf(e);
      const cpus = cfg?.cpus;
      if (!cfg || !cpus) continue;
      const text = typeof cpus.value === 'string' ? cpus.value : cpus.value.join(',');
      const lists = (typeof cpus.value === 'string' ? [cpus.value] : cpus.value).map((t) =>
        parseCpuList(t, this.#nrCpus),
      );
      const all = lists.some((l) => l === null || l === undefined);
      const set = [...new Set(lists.flatMap((l) => l ?? []))].sort((a, b) => a - b);
      out.push({
        domain: e.domain,
        config: e.config,
        pcpus: all ? null : set,
        text: all ? 'all' : formatCpuList(set),
        evidence: [`${cpus.file}:${cpus.line}: cpus = ${JSON.stringify(text)}`],
      });
    }
    return out.sort(byDomain);
  }

  #configOf(e: Entry): DomainConfig | undefined {
    const file = e.config ?? (e.configs.length === 1 ? e.configs[0] : undefined);
    return this.#in.configs.find((c) => c.value.file === file)?.value;
  }

  #hostCpus(): TopologyHostCpus | null {
    const last = this.#in.hostInfo[this.#in.hostInfo.length - 1];
    if (!last) return null;
    const f = last.value;
    return {
      nrCpus: num(f.nr_cpus),
      totalMemoryMiB: num(f.total_memory),
      freeMemoryMiB: num(f.free_memory),
      evidence: [
        `${where(last)}: xl info: nr_cpus ${f.nr_cpus ?? '?'}, total_memory ${f.total_memory ?? '?'} MiB, free_memory ${f.free_memory ?? '?'} MiB`,
      ],
    };
  }

  // ---- shares ----

  #shares(
    disks: readonly TopologyDisk[],
    vifs: readonly TopologyVif[],
    affinities: readonly TopologyAffinity[],
    lvs: readonly TopologyLv[],
  ): Share[] {
    const groups = new ShareGroups();
    const lvIndex = new Map(lvs.map((l) => [`${l.vg}/${l.lv}`, l]));
    for (const d of disks) {
      if (d.backing === 'unknown:') continue;
      const m = { domain: d.domain, config: d.config, writable: d.readwrite };
      const ev = d.evidence.filter((e) => !e.includes(': lvs: '));
      groups.add(
        'target',
        d.backing,
        { ...m, detail: `${d.vdev} ${d.readwrite ? 'read-write' : 'read-only'} as ${d.targetAsWritten}` },
        ev,
      );
      const lv = lvOf(d.backing);
      if (!lv) continue;
      const info = lvIndex.get(`${lv[0]}/${lv[1]}`);
      for (const pv of d.pvs)
        groups.add('pv', pv, { ...m, detail: `${d.vdev} on LV ${lv[0]}/${lv[1]}` }, [
          ...ev,
          ...(info?.evidence ?? []),
        ]);
      groups.add('vg', lv[0], { ...m, detail: `${d.vdev} on LV ${lv[0]}/${lv[1]}` }, [
        ...ev,
        ...(info?.evidence ?? []),
      ]);
      if (d.backingConfidence === 'shape')
        groups.note(
          'vg',
          lv[0],
          `VG ${lv[0]} is recognised by the shape of its paths (/dev/${lv[0]}/…); no lvs output lists it`,
        );
    }
    for (const v of vifs) {
      const m = { domain: v.domain, config: v.config, writable: true };
      if (v.bridge !== null) {
        groups.add(
          'bridge',
          v.bridge,
          { ...m, detail: `vif ${v.devid}${v.ifname ? ` (${v.ifname})` : ''}` },
          v.evidence,
        );
        if (v.bridgeDefaulted)
          groups.note('bridge', v.bridge, `${v.bridge} is xl's default for a vif that names no bridge`);
      }
      if (v.mac !== null) groups.add('mac', v.mac, { ...m, detail: `vif ${v.devid}` }, v.evidence);
      for (const ip of v.ips) groups.add('ip', ip, { ...m, detail: `vif ${v.devid}` }, v.evidence);
    }
    for (const d of disks) {
      const fsId = this.#in.live?.fileSystems.get(d.backing.replace(/^file:/, ''));
      if (d.backing.startsWith('file:') && fsId !== undefined)
        groups.add(
          'file-fs',
          fsId,
          { domain: d.domain, config: d.config, writable: d.readwrite, detail: `${d.vdev} on ${d.backing}` },
          [...d.evidence, `${d.backing.slice(5)}: on filesystem ${fsId} of this host`],
        );
    }
    for (const b of [...(this.#in.hostNics ?? []), ...(this.#in.live?.hostNics ?? [])]) {
      for (const v of vifs)
        if (v.bridge === b.value.bridge)
          groups.add(
            'nic',
            b.value.nic,
            { domain: v.domain, config: v.config, writable: true, detail: `vif ${v.devid} via ${v.bridge}` },
            [...v.evidence, `${where(b)}: ${b.value.nic} master ${b.value.bridge}`],
          );
    }
    this.#pcpuShares(affinities, groups);
    for (const e of this.#entries.values()) {
      const m = { domain: e.domain, config: e.config, writable: false };
      const cfg = this.#configOf(e);
      const nameEv = cfg?.name
        ? [`${cfg.name.file}:${cfg.name.line}: name = ${JSON.stringify(cfg.name.value)}`]
        : [];
      groups.add('name', e.domain, { ...m, detail: e.config ?? 'running' }, nameEv);
      if (e.uuid !== null) {
        const uuidEv = cfg?.uuid
          ? [`${cfg.uuid.file}:${cfg.uuid.line}: uuid = ${JSON.stringify(cfg.uuid.value)}`]
          : [];
        groups.add('uuid', e.uuid.toLowerCase(), { ...m, detail: e.domain }, uuidEv);
      }
    }
    return groups.shares();
  }

  /** pCPUs named by two or more explicit affinities; pCPUs with the same sharers are one share. */
  #pcpuShares(affinities: readonly TopologyAffinity[], groups: ShareGroups): void {
    const users = new Map<number, TopologyAffinity[]>();
    for (const a of affinities) {
      if (a.pcpus === null) continue;
      for (const c of a.pcpus) {
        let list = users.get(c);
        if (!list) users.set(c, (list = []));
        list.push(a);
      }
    }
    const bySet = new Map<string, { cpus: number[]; who: TopologyAffinity[] }>();
    for (const [cpu, who] of [...users].sort((a, b) => a[0] - b[0])) {
      if (who.length < 2) continue;
      const k = who.map((a) => `${a.domain}\u0000${a.config ?? ''}`).join('\u0001');
      const g = bySet.get(k) ?? { cpus: [], who };
      g.cpus.push(cpu);
      bySet.set(k, g);
    }
    for (const g of bySet.values()) {
      const resource = `pCPU ${formatCpuList(g.cpus)}`;
      for (const a of g.who)
        groups.add(
          'pcpu',
          resource,
          { domain: a.domain, config: a.config, writable: true, detail: `pinned to ${a.text}` },
          a.evidence,
        );
    }
  }
}

function byDomain(
  a: { domain: string; config: string | null },
  b: { domain: string; config: string | null },
): number {
  return a.domain.localeCompare(b.domain) || (a.config ?? '').localeCompare(b.config ?? '');
}

function fileStem(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.cfg$/, '');
}

/** Collects members per (kind, resource) and keeps those with two or more domain entries. */
class ShareGroups {
  readonly #groups = new Map<
    string,
    {
      kind: ShareKind;
      resource: string;
      members: Map<string, ShareMember>;
      evidence: string[];
      notes: Set<string>;
    }
  >();

  #get(kind: ShareKind, resource: string) {
    const k = `${kind}\u0000${resource}`;
    let g = this.#groups.get(k);
    if (!g) this.#groups.set(k, (g = { kind, resource, members: new Map(), evidence: [], notes: new Set() }));
    return g;
  }

  add(kind: ShareKind, resource: string, member: ShareMember, evidence: readonly string[]): void {
    const g = this.#get(kind, resource);
    const mk = `${member.domain}\u0000${member.config ?? ''}`;
    const had = g.members.get(mk);
    if (had) {
      g.members.set(mk, {
        ...had,
        detail: had.detail.split('; ').includes(member.detail)
          ? had.detail
          : `${had.detail}; ${member.detail}`,
        writable: had.writable || member.writable,
      });
    } else g.members.set(mk, member);
    for (const e of evidence) if (!g.evidence.includes(e)) g.evidence.push(e);
  }

  note(kind: ShareKind, resource: string, text: string): void {
    this.#get(kind, resource).notes.add(text);
  }

  shares(): Share[] {
    const out: Share[] = [];
    for (const g of this.#groups.values()) {
      if (g.members.size < 2) continue;
      const domains = [...g.members.values()].sort(byDomain);
      const notes = [...g.notes];
      const names = new Map<string, number>();
      for (const m of domains) names.set(m.domain, (names.get(m.domain) ?? 0) + 1);
      if (g.kind !== 'name')
        for (const [name, n] of names)
          if (n > 1)
            notes.push(`${n} configs named ${name}: copies of one domain, which may never run together`);
      out.push({ kind: g.kind, resource: g.resource, domains, evidence: g.evidence, notes });
    }
    const writers = (s: Share) => s.domains.filter((d) => d.writable).length;
    return out.sort(
      (a, b) =>
        SHARE_KINDS.indexOf(a.kind) - SHARE_KINDS.indexOf(b.kind) ||
        (a.kind === 'target' ? Math.min(writers(b), 1) - Math.min(writers(a), 1) : 0) ||
        b.domains.length - a.domains.length ||
        a.resource.localeCompare(b.resource),
    );
  }
}
