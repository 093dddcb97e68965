/**
 * The simulated host: pCPUs, memory, host disks carrying one LVM volume group each, LVs and
 * file-backed images, bridges on NICs, and the domains with their disks and vifs. Placement
 * honours the scenario's cast (who must share a PV or a bridge with the victim, and who must
 * share nothing), so the evidence has a real path from cause to symptom.
 */
import { vdevToDevid } from '../model/index.js';
import type { Prng } from './prng.js';
import { ROLE_PROFILES } from './workloads.js';

export const ROLES = ['web', 'db', 'cache', 'app', 'batch', 'mail', 'build', 'mon', 'analytics'] as const;
export type Role = (typeof ROLES)[number];

/** A host block device (kernel name) that carries a VG, or the root disk with the image files. */
export interface HostDisk {
  readonly name: string; // sda, sdb, ...
  readonly major: number;
  readonly minor: number;
  /** The VG on it; null for the root disk that holds `/srv/xen/images`. */
  readonly vg: string | null;
  readonly sizeGiB: number;
  /** Throughput the device sustains (sectors/s) and its request rate limit (IOPS). */
  readonly capacitySectPerS: number;
  readonly capacityIops: number;
}

export interface LogicalVolume {
  readonly vg: string;
  readonly name: string;
  readonly sizeGiB: number;
  readonly pv: string; // host disk name
  readonly extentStart: number;
  readonly dmMinor: number;
}

export interface DiskSpec {
  readonly vdev: string;
  readonly devid: number;
  /** The `target` as xl.cfg names it. */
  readonly target: string;
  readonly backing: 'lv' | 'file';
  /** `vg/lv` for LVs, the image path for files. */
  readonly volume: string;
  readonly hostDisk: string;
  readonly access: 'w' | 'r';
  /** dom0 block device behind the vbd (dm-N for an LV, loopN for a file): blkback's physical_device. */
  readonly physMajor: number;
  readonly physMinor: number;
  /** Share of the domain's disk demand this device carries. */
  readonly weight: number;
  /** Whether the domain writes to it (read-only shared volumes carry reads only). */
  readonly writes: boolean;
}

export interface VifSpec {
  readonly devid: number;
  readonly mac: string;
  readonly bridge: string;
  /** `rate=` as written in xl.cfg, and its bytes/s, when the vif is limited. */
  readonly rate: string | null;
  readonly rateBytesPerS: number | null;
  readonly weight: number;
}

export interface Bridge {
  readonly name: string;
  readonly nic: string;
  /** What netback and the NIC forward before queues overflow, bytes/s. */
  readonly capacityBytesPerS: number;
}

export interface DomainSpec {
  readonly name: string;
  readonly role: Role;
  readonly type: 'pv' | 'hvm';
  readonly uuid: string;
  readonly memoryMiB: number;
  readonly maxmemMiB: number;
  readonly vcpus: number;
  readonly disks: readonly DiskSpec[];
  readonly vifs: readonly VifSpec[];
  readonly onCrash: 'restart' | 'coredump-restart';
  readonly onWatchdog: 'restart';
  /** The background xl monitor's pid (it survives restarts: one per `xl create`). */
  readonly xlPid: number;
}

export interface Dom0Spec {
  readonly name: 'Domain-0';
  readonly memoryMiB: number;
  readonly vcpus: number;
}

export interface HostModel {
  readonly name: string;
  readonly nrCpus: number;
  readonly coresPerSocket: number;
  readonly cpuMhz: string;
  readonly totalMemoryMiB: number;
  readonly dom0: Dom0Spec;
  readonly disks: readonly HostDisk[];
  readonly lvs: readonly LogicalVolume[];
  readonly bridges: readonly Bridge[];
  readonly domains: readonly DomainSpec[];
  readonly kernelRelease: string;
  readonly kernelVersion: string;
  readonly xenVersion: string;
}

/** Who the scenario needs where: the only constraints on placement. */
export interface Cast {
  readonly victim: string | null;
  readonly diskAntagonists: readonly string[];
  readonly netAntagonists: readonly string[];
  /** Spiky neighbours that must share neither a PV nor a bridge with the victim. */
  readonly innocents: readonly string[];
  /** The victim is an HVM guest started with memory < maxmem (populate-on-demand). */
  readonly podVictim: boolean;
  /** Few pCPUs for many vCPUs. */
  readonly overcommitCpus: boolean;
  /** Domains that get many vCPUs (CPU antagonists). */
  readonly wideDomains: readonly string[];
}

const ROLE_CYCLE: readonly Role[] = [
  'web',
  'db',
  'batch',
  'web',
  'cache',
  'app',
  'web',
  'build',
  'db',
  'web',
  'mail',
  'app',
  'analytics',
  'web',
  'cache',
  'mon',
  'batch',
  'web',
  'app',
  'db',
];

/** The guest names for `count` guests: roles in a fixed mix, numbered per role (web01, db01, ...). */
export function domainNames(count: number): { name: string; role: Role }[] {
  const perRole = new Map<Role, number>();
  const out: { name: string; role: Role }[] = [];
  for (let i = 0; i < count; i++) {
    const role = ROLE_CYCLE[i % ROLE_CYCLE.length]!;
    const n = (perRole.get(role) ?? 0) + 1;
    perRole.set(role, n);
    out.push({ name: `${role}${String(n).padStart(2, '0')}`, role });
  }
  return out;
}

const ROLE_SHAPE: Record<Role, { mem: readonly number[]; vcpus: readonly number[]; data: boolean }> = {
  web: { mem: [1024, 2048], vcpus: [1, 2], data: false },
  db: { mem: [4096, 8192], vcpus: [2, 4], data: true },
  cache: { mem: [2048, 4096], vcpus: [1, 2], data: false },
  app: { mem: [2048, 4096], vcpus: [2], data: true },
  batch: { mem: [2048, 4096], vcpus: [2, 4], data: true },
  mail: { mem: [1024], vcpus: [1], data: true },
  build: { mem: [4096], vcpus: [4], data: true },
  mon: { mem: [1024], vcpus: [1], data: false },
  analytics: { mem: [4096, 8192], vcpus: [4], data: true },
};

function mac(rng: Prng): string {
  const b = () => rng.int(0, 255).toString(16).padStart(2, '0');
  return `00:16:3e:${b()}:${b()}:${b()}`;
}

export interface HostOptions {
  readonly hostName: string;
  readonly guests: number;
  readonly cast: Cast;
}

export function buildHost(rng: Prng, opts: HostOptions): HostModel {
  const { guests, cast } = opts;
  const names = domainNames(guests);
  const nPv = guests <= 8 ? 2 : guests <= 20 ? 3 : 4;
  const disks: HostDisk[] = [
    {
      name: 'sda',
      major: 8,
      minor: 0,
      vg: null,
      sizeGiB: 480,
      capacitySectPerS: 700_000,
      capacityIops: 4000,
    },
  ];
  for (let i = 0; i < nPv; i++) {
    disks.push({
      name: `sd${String.fromCharCode(98 + i)}`,
      major: 8,
      minor: 16 * (i + 1),
      vg: `vg${i}`,
      sizeGiB: 1800,
      // A RAID-10 of SAS disks: ~200 MB/s, ~2500 IOPS.
      capacitySectPerS: 400_000,
      capacityIops: 2500,
    });
  }
  const pvDisks = disks.slice(1);
  const victimPv = pvDisks[0]!;
  const innocentPv = nPv >= 3 ? pvDisks[1]! : null; // null: innocents live on image files on sda
  const sharedPv = pvDisks[nPv - 1]!;

  const bridges: Bridge[] = [
    { name: 'xenbr0', nic: 'eth0', capacityBytesPerS: 118_000_000 },
    { name: 'xenbr1', nic: 'eth1', capacityBytesPerS: 118_000_000 },
  ];

  const lvs: LogicalVolume[] = [];
  const extents = new Map<string, number>();
  let dmMinor = 0;
  let loopMinor = 0;
  const addLv = (pv: HostDisk, name: string, sizeGiB: number): LogicalVolume => {
    const start = extents.get(pv.name) ?? 0;
    const lv: LogicalVolume = {
      vg: pv.vg!,
      name,
      sizeGiB,
      pv: pv.name,
      extentStart: start,
      dmMinor: dmMinor++,
    };
    // 4 MiB extents, as vgcreate's default.
    extents.set(pv.name, start + sizeGiB * 256);
    lvs.push(lv);
    return lv;
  };
  const sharedWeb = names.filter((d) => d.role === 'web').length >= 2;
  const sharedAssets = sharedWeb ? addLv(sharedPv, 'shared-assets', 200) : null;

  const isInnocent = new Set(cast.innocents);
  const isDiskAnt = new Set(cast.diskAntagonists);
  const isNetAnt = new Set(cast.netAntagonists);
  const isWide = new Set(cast.wideDomains);
  // Size the pCPU pool from what the guests need at their daily peak (seasonality up to +55 %,
  // noise and bursts): a comfortable host runs at most half busy; an overcommitted one at ~85 %,
  // so only a wide neighbour spinning every vCPU pushes it over.
  const vcpuChoice = names.map(({ name, role }) => rng.fork(`vcpus:${name}`).pick(ROLE_SHAPE[role].vcpus));
  const peak = names.reduce(
    (sum, { role }, i) => sum + ROLE_PROFILES[role].cpuPerVcpu * Math.min(4, vcpuChoice[i]!) * 1.6,
    0.5,
  );
  const nrCpus = cast.overcommitCpus
    ? Math.max(4, 2 * Math.ceil(peak / 0.85 / 2))
    : Math.min(64, Math.max(8, 4 * Math.ceil(peak / 0.5 / 4)));

  const domains: DomainSpec[] = [];
  names.forEach(({ name, role }, index) => {
    const drng = rng.fork(`host:${name}`);
    const shape = ROLE_SHAPE[role];
    const victim = name === cast.victim;
    const innocent = isInnocent.has(name);
    const pod = victim && cast.podVictim;
    let vcpus = vcpuChoice[index]!;
    if (isWide.has(name)) vcpus = Math.max(4, Math.round(nrCpus * 1.5));
    if (victim) vcpus = Math.min(vcpus, 2);
    let memoryMiB = drng.pick(shape.mem);
    let maxmemMiB = memoryMiB;
    if (pod) {
      memoryMiB = 1024;
      maxmemMiB = 4096;
    }

    // Where this domain's volumes live.
    const choosePv = (): HostDisk | 'file' => {
      if (victim) return victimPv;
      if (innocent) return innocentPv ?? 'file';
      const pool: (HostDisk | 'file')[] = [...pvDisks, 'file'];
      return drng.pick(pool);
    };
    const specs: DiskSpec[] = [];
    const addDisk = (
      vdev: string,
      where: HostDisk | 'file',
      volName: string,
      sizeGiB: number,
      weight: number,
    ) => {
      const devid = vdevToDevid(vdev)!;
      if (where === 'file') {
        const path = `/srv/xen/images/${volName}.img`;
        specs.push({
          vdev,
          devid,
          target: path,
          backing: 'file',
          volume: path,
          hostDisk: 'sda',
          access: 'w',
          physMajor: 7,
          physMinor: loopMinor++,
          weight,
          writes: true,
        });
        return;
      }
      const lv = addLv(where, volName, sizeGiB);
      specs.push({
        vdev,
        devid,
        target: `/dev/${lv.vg}/${lv.name}`,
        backing: 'lv',
        volume: `${lv.vg}/${lv.name}`,
        hostDisk: where.name,
        access: 'w',
        physMajor: 253,
        physMinor: lv.dmMinor,
        weight,
        writes: true,
      });
    };
    const rootWhere = choosePv();
    const hasData = shape.data || isDiskAnt.has(name);
    addDisk('xvda', rootWhere, `${name}-root`, drng.pick([10, 20]), hasData ? 0.25 : 1);
    if (hasData) {
      const dataWhere = isDiskAnt.has(name) ? victimPv : victim ? victimPv : choosePv();
      addDisk('xvdb', dataWhere, `${name}-data`, drng.pick([100, 200, 500]), 0.75);
    }
    if (sharedAssets && role === 'web' && !innocent) {
      // Shared outright: every web domain mounts the same LV read-only.
      specs.push({
        vdev: 'xvdc',
        devid: vdevToDevid('xvdc')!,
        target: `/dev/${sharedAssets.vg}/${sharedAssets.name}`,
        backing: 'lv',
        volume: `${sharedAssets.vg}/${sharedAssets.name}`,
        hostDisk: sharedAssets.pv,
        access: 'r',
        physMajor: 253,
        physMinor: sharedAssets.dmMinor,
        weight: 0.2,
        writes: false,
      });
    }

    const bridge =
      victim || isNetAnt.has(name) ? 'xenbr0' : innocent ? 'xenbr1' : drng.chance(0.7) ? 'xenbr0' : 'xenbr1';
    const vifs: VifSpec[] = [];
    // Some neutral domains carry a transmit limit; an antagonist never does (that is the story).
    const limited = !victim && !isNetAnt.has(name) && !isInnocent.has(name) && drng.chance(0.3);
    const rateMB = drng.pick([10, 20, 50]);
    vifs.push({
      devid: 0,
      mac: mac(drng),
      bridge,
      rate: limited ? `${rateMB}MB/s` : null,
      rateBytesPerS: limited ? rateMB * 1_000_000 : null,
      weight: role === 'db' ? 0.6 : 1,
    });
    if (role === 'db') {
      // Databases replicate over the back-end bridge.
      vifs.push({
        devid: 1,
        mac: mac(drng),
        bridge: innocent ? 'xenbr1' : victim ? 'xenbr0' : 'xenbr1',
        rate: null,
        rateBytesPerS: null,
        weight: 0.4,
      });
    }

    domains.push({
      name,
      role,
      type: pod ? 'hvm' : 'pv',
      uuid: drng.uuid(),
      memoryMiB,
      maxmemMiB,
      vcpus,
      disks: specs,
      vifs,
      onCrash: drng.chance(0.2) ? 'coredump-restart' : 'restart',
      onWatchdog: 'restart',
      xlPid: 1800 + index * 37 + drng.int(0, 20),
    });
  });

  const dom0: Dom0Spec = { name: 'Domain-0', memoryMiB: 4096, vcpus: Math.min(nrCpus, 8) };
  const guestMem = domains.reduce((s, d) => s + d.maxmemMiB, 0);
  const totalMemoryMiB = Math.ceil(((guestMem + dom0.memoryMiB) * 1.25) / 1024) * 1024 - 1;

  return {
    name: opts.hostName,
    nrCpus,
    coresPerSocket: Math.max(1, nrCpus / 2),
    cpuMhz: '2394.452',
    totalMemoryMiB,
    dom0,
    disks,
    lvs,
    bridges,
    domains,
    kernelRelease: '6.1.0-28-amd64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
    xenVersion: '4.17.7',
  };
}
