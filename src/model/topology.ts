/**
 * Topology (design.md, "Records": HostInfo / Topology): which VBD sits on which LV, VG, PV or file,
 * which vif is on which bridge and NIC, which pCPUs a domain may run on, and which domains share any
 * of these. Also the records of the two host captures topology reads (`lvs`/`pvs`, an `ls -l` of
 * `/dev/mapper` and `/dev/<vg>`) and the facts the store keeps for it.
 */

/** One segment of an LV: the PV it lives on and the first extent there (`/dev/sdb(1280)`). */
export interface LvmSegment {
  readonly pv: string;
  readonly start: number | null;
}

/** One row of `lvs` (segments of one LV on several rows are separate records; topology merges them). */
export interface LvmLvRecord {
  readonly type: 'lvm-lv';
  readonly lv: string;
  readonly vg: string;
  readonly attr: string | null;
  /** The size as printed (`64.00m`, `<1.82t`, `67108864B` with `--units b`). */
  readonly sizeText: string | null;
  readonly devices: readonly LvmSegment[];
  /** Kernel device numbers (`-o +lv_kernel_major,lv_kernel_minor`), when printed and active. */
  readonly kernelMajor?: number;
  readonly kernelMinor?: number;
  readonly line: number;
}

/** One row of `pvs`. `vg` is empty for a PV in no volume group. */
export interface LvmPvRecord {
  readonly type: 'lvm-pv';
  readonly pv: string;
  readonly vg: string;
  readonly fmt: string | null;
  readonly attr: string | null;
  readonly sizeText: string | null;
  readonly freeText: string | null;
  readonly line: number;
}

export type LvmRecord = LvmLvRecord | LvmPvRecord;

/** One entry of an `ls -l` of a `/dev` folder: a block or character node, or a symlink. */
export interface DevNodeRecord {
  readonly type: 'dev-node';
  /** Absolute path when the listing says which folder it is (`/dev/mapper/vg0-lv`), else the name. */
  readonly path: string;
  readonly kind: 'block' | 'char' | 'symlink';
  readonly major?: number;
  readonly minor?: number;
  /** A symlink's target, made absolute against the folder when the folder is known. */
  readonly target?: string;
  readonly line: number;
}

/**
 * Where a disk's data lives, canonically: `lv:vg/lv`, `block:/dev/sdb`, `file:/srv/a.img`,
 * `rbd:pool/image`, `iscsi:iqn…`, `nbd:…`, `drbd:…`, or `unknown:<as written>`.
 */
export type BackingId = string;

export const BACKING_KINDS = ['lv', 'block', 'file', 'rbd', 'iscsi', 'nbd', 'drbd', 'unknown'] as const;
export type BackingKind = (typeof BACKING_KINDS)[number];

/** Share kinds, strongest first (the order `topology` prints them in). */
export const SHARE_KINDS = [
  'target',
  'pv',
  'vg',
  'file-fs',
  'bridge',
  'nic',
  'pcpu',
  'mac',
  'ip',
  'name',
  'uuid',
] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

/** The kinds of facts the store keeps for topology (one per record kind it is computed from). */
export const FACT_KINDS = [
  'domain-config',
  'domain-json',
  'host-info',
  'lvm-lv',
  'lvm-pv',
  'dev-node',
  'vcpu',
  'sysfs-vbd',
  'sysfs-vif',
  'xenstore-write',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** A topology fact as imported: what a record said, and the file and line that said it. */
export interface Fact {
  readonly kind: FactKind;
  /** What the fact is about (config file, `vg/lv`, node path, xenstore path): a later fact of the same kind and key refines it. */
  readonly key: string;
  /** The record's content as JSON text. */
  readonly json: string;
  readonly file: string;
  readonly line: number;
}

/**
 * One domain as topology sees it. A domain with live evidence (`xl list -l`, xenstore, sysfs) is one
 * entry by name; a domain known only from configuration files is one entry per file (copies of a
 * config never run together, but they are what an operator would start).
 */
export interface TopologyDomain {
  readonly domain: string;
  /** The configuration file this entry is, null for a live domain. */
  readonly config: string | null;
  readonly origin: 'running' | 'xenstore' | 'sysfs' | 'config';
  readonly uuid: string | null;
  /** Configuration files with this name that a live entry stands for. */
  readonly configs: readonly string[];
}

export interface TopologyDisk {
  readonly domain: string;
  readonly config: string | null;
  readonly vdev: string;
  readonly targetAsWritten: string;
  readonly backing: BackingId;
  /** `shape`: the backing is an LV only by the look of its path (no lvs output lists its VG). */
  readonly backingConfidence: 'certain' | 'shape';
  readonly readwrite: boolean;
  /** The LV's VG and PVs when the backing is an LV. */
  readonly vg: string | null;
  readonly pvs: readonly string[];
  /** `file:line: what it says`, one per piece of evidence. */
  readonly evidence: readonly string[];
}

export interface TopologyVif {
  readonly domain: string;
  readonly config: string | null;
  readonly devid: number;
  /** Lower-case colon form when it parses, else as written; null when xl picks a random one. */
  readonly mac: string | null;
  /** The bridge; xl's default `xenbr0` when the spec names none (`bridgeDefaulted`). */
  readonly bridge: string | null;
  readonly bridgeDefaulted: boolean;
  readonly rateBytesPerSec: number | null;
  readonly ips: readonly string[];
  /** The dom0 interface (`vif1.0`) when sysfs named it. */
  readonly ifname: string | null;
  readonly evidence: readonly string[];
}

export interface TopologyLv {
  readonly lv: string;
  readonly vg: string;
  readonly pvs: readonly string[];
  readonly sizeText: string | null;
  readonly evidence: readonly string[];
}

export interface TopologyPv {
  readonly pv: string;
  readonly vg: string;
  readonly evidence: readonly string[];
}

export interface TopologyBridge {
  readonly bridge: string;
  readonly nics: readonly string[];
  readonly evidence: readonly string[];
}

export interface TopologyAffinity {
  readonly domain: string;
  readonly config: string | null;
  /** pCPUs the domain's vCPUs may run on (hard affinity); null = every pCPU. */
  readonly pcpus: readonly number[] | null;
  readonly text: string;
  readonly evidence: readonly string[];
}

export interface TopologyHostCpus {
  readonly nrCpus: number | null;
  readonly totalMemoryMiB: number | null;
  readonly freeMemoryMiB: number | null;
  readonly evidence: readonly string[];
}

export interface ShareMember {
  readonly domain: string;
  readonly config: string | null;
  /** How this domain uses the resource (`xvda on lv:vg0/domu1-disk`). */
  readonly detail: string;
  readonly writable: boolean;
}

/** A resource two or more domain entries use. */
export interface Share {
  readonly kind: ShareKind;
  readonly resource: string;
  readonly domains: readonly ShareMember[];
  readonly evidence: readonly string[];
  /** Caveats: a VG recognised only by its name, members that are copies of one config. */
  readonly notes: readonly string[];
}

export interface Topology {
  readonly host: string;
  readonly domains: readonly TopologyDomain[];
  readonly disks: readonly TopologyDisk[];
  readonly vifs: readonly TopologyVif[];
  readonly lvs: readonly TopologyLv[];
  readonly pvs: readonly TopologyPv[];
  readonly bridges: readonly TopologyBridge[];
  readonly affinities: readonly TopologyAffinity[];
  readonly hostCpus: TopologyHostCpus | null;
  readonly shares: readonly Share[];
}
