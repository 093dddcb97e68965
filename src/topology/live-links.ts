/**
 * Aliases only the running host can tell: symlinks (`/dev/disk/by-id/…`, `/dev/vg0/lv`, image
 * files behind a link), hard links (two paths, one inode) and which filesystem holds an image file.
 * Kept apart from canonical-target.ts on purpose: an offline capture (a tarball from another dom0)
 * must never be resolved against the machine xenscope happens to run on, so callers use this only
 * when the store's host *is* this machine (`topology --live`).
 */
import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { HostNic, Sourced } from './facts.js';

export interface LiveLinks {
  /** Path → the path it resolves to (symlinks followed), only where they differ. */
  readonly links: ReadonlyMap<string, string>;
  /** Block device path → `major:minor`. */
  readonly numbers: ReadonlyMap<string, string>;
  /** Regular file path → the first path seen with the same (device, inode): hard links agree. */
  readonly sameFile: ReadonlyMap<string, string>;
  /** Regular file path → the filesystem holding it (`dev 8:1`). */
  readonly fileSystems: ReadonlyMap<string, string>;
  /** Host NICs enslaved to a bridge (`/sys/class/net/<nic>/master`). */
  readonly hostNics: readonly Sourced<HostNic>[];
}

/** The narrow filesystem interface used, so tests can hand in a fake tree. */
export interface LiveFs {
  realpath(p: string): Promise<string>;
  stat(
    p: string,
  ): Promise<{ isBlockDevice(): boolean; isFile(): boolean; rdev: number; dev: number; ino: number }>;
  readdir(p: string): Promise<string[]>;
  readlink(p: string): Promise<string>;
}

const NODE_FS: LiveFs = { realpath, stat, readdir: (p) => readdir(p), readlink };

/** Linux `dev_t` → major:minor (glibc's encoding, as `stat` returns it). */
export function devNumbers(dev: number): string {
  const major = ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
  const minor = (dev & 0xff) | ((dev >>> 12) & ~0xff);
  return `${major}:${minor}`;
}

/**
 * Resolves the given paths (disk targets as written, with `/dev/` added where xl adds it) on this
 * machine. Paths that do not exist are left out; nothing here throws.
 */
export async function resolveLiveLinks(
  paths: readonly string[],
  fs: LiveFs = NODE_FS,
  sysClassNet = '/sys/class/net',
): Promise<LiveLinks> {
  const links = new Map<string, string>();
  const numbers = new Map<string, string>();
  const sameFile = new Map<string, string>();
  const fileSystems = new Map<string, string>();
  const byInode = new Map<string, string>();
  for (const p of [...new Set(paths)].filter((x) => x.startsWith('/'))) {
    try {
      const real = await fs.realpath(p);
      if (real !== p) links.set(p, real);
      const st = await fs.stat(real);
      if (st.isBlockDevice()) numbers.set(real, devNumbers(st.rdev));
      else if (st.isFile()) {
        const id = `${st.dev}:${st.ino}`;
        const first = byInode.get(id);
        if (first === undefined) byInode.set(id, real);
        else if (first !== real) sameFile.set(real, first);
        fileSystems.set(p, `dev ${devNumbers(st.dev)}`);
        fileSystems.set(real, `dev ${devNumbers(st.dev)}`);
      }
    } catch {
      // Not on this machine (or not readable): nothing to add.
    }
  }
  const hostNics: Sourced<HostNic>[] = [];
  try {
    for (const nic of (await fs.readdir(sysClassNet)).sort()) {
      if (/^(?:vif|tap)\d/.test(nic)) continue;
      try {
        const master = basename(await fs.readlink(join(sysClassNet, nic, 'master')));
        hostNics.push({ value: { nic, bridge: master }, file: join(sysClassNet, nic, 'master'), line: 0 });
      } catch {
        // Not enslaved to a bridge.
      }
    }
  } catch {
    // No sysfs (not Linux, or a container without it).
  }
  return { links, numbers, sameFile, fileSystems, hostNics };
}
