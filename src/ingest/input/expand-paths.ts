/**
 * Turns the paths given to `import` into the list of files to read: directories are walked,
 * compressed files are recognised by their magic bytes, and tarballs (plain or compressed) are
 * unpacked into a private temporary directory (the tar library refuses `..` and absolute paths).
 */
import { mkdtemp, readdir, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { type Compression, compressionOf, openDecompressed, readHeadBytes } from './decompress.js';

export interface InputFile {
  /** What the user sees: the path, or `archive.tar.gz!member/path`. */
  readonly display: string;
  /** Where the bytes are on disk (a temporary copy for archive members). */
  readonly path: string;
  readonly compression: Compression;
  readonly mtime: number;
  readonly size: number;
  /** The top-level path argument this file came from (a folder given as one host is one host). */
  readonly root: string;
}

export interface ExpandProblem {
  readonly path: string;
  readonly message: string;
}

export interface ExpandedInput {
  readonly files: InputFile[];
  readonly problems: ExpandProblem[];
  /** Removes temporary directories made for archives. */
  cleanup(): Promise<void>;
}

const TAR_MAGIC_OFFSET = 257;

async function decompressedHead(path: string, compression: Compression, n: number): Promise<Buffer> {
  if (compression === 'none') return readHeadBytes(path, n);
  const stream = openDecompressed(path, compression);
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      got += (chunk as Buffer).length;
      if (got >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, n);
}

function isTar(head: Buffer): boolean {
  return (
    head.length >= TAR_MAGIC_OFFSET + 5 &&
    head.toString('latin1', TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5) === 'ustar'
  );
}

/**
 * In an `/etc/xen`-like folder (named `xen`, or holding `xl.conf`/`xend-config.sxp`) only domain
 * configs are evidence: the toolstack's own settings, hotplug scripts and the shipped examples are not.
 */
const XEN_DIR_SKIP = /^(?:scripts|xl\.conf(?:\..*)?|xend-config\.sxp|cpupool|xlexample\..*|xmexample.*)$/;

function isXenConfigDir(dir: string, names: readonly string[]): boolean {
  return basename(dir) === 'xen' || names.includes('xl.conf') || names.includes('xend-config.sxp');
}

interface Walked {
  readonly path: string;
  readonly symlink: boolean;
}

async function walkEntries(dir: string, inXenDir = false): Promise<Walked[]> {
  const out: Walked[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const xenDir =
    inXenDir ||
    isXenConfigDir(
      dir,
      entries.map((e) => e.name),
    );
  for (const e of entries) {
    if (xenDir && XEN_DIR_SKIP.test(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkEntries(p, xenDir)));
    else if (e.isFile() || e.isSymbolicLink()) out.push({ path: p, symlink: e.isSymbolicLink() });
  }
  return out;
}

/**
 * The files under `dir` in name order. A symlink whose target is also in the walk is left out
 * (`/etc/xen/auto/web01 -> ../web01.cfg` is the same config, counted once).
 */
async function walk(dir: string): Promise<string[]> {
  const entries = await walkEntries(dir);
  const real = async (p: string) => realpath(p).catch(() => p);
  const targets = new Set<string>();
  for (const e of entries) if (!e.symlink) targets.add(await real(e.path));
  const out: string[] = [];
  for (const e of entries) {
    if (e.symlink) {
      const r = await real(e.path);
      if (targets.has(r)) continue;
      targets.add(r);
    }
    out.push(e.path);
  }
  return out;
}

export async function expandPaths(paths: readonly string[]): Promise<ExpandedInput> {
  const files: InputFile[] = [];
  const problems: ExpandProblem[] = [];
  const temps: string[] = [];

  async function addFile(path: string, display: string, root: string): Promise<void> {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(path);
    } catch (err) {
      problems.push({ path: display, message: `cannot read: ${(err as Error).message}` });
      return;
    }
    if (!st.isFile()) return;
    let compression: Compression;
    let head: Buffer;
    try {
      compression = compressionOf(await readHeadBytes(path, 8));
      head = await decompressedHead(path, compression, 512);
    } catch (err) {
      problems.push({ path: display, message: `cannot read: ${(err as Error).message}` });
      return;
    }
    if (isTar(head)) {
      const dir = await mkdtemp(join(tmpdir(), 'xenscope-tar-'));
      temps.push(dir);
      try {
        await pipeline(openDecompressed(path, compression), tar.x({ cwd: dir, strict: false }));
      } catch (err) {
        problems.push({ path: display, message: `cannot unpack archive: ${(err as Error).message}` });
      }
      for (const member of await walk(dir)) {
        await addFile(member, `${display}!${relative(dir, member)}`, root);
      }
      return;
    }
    files.push({ display, path, compression, mtime: st.mtimeMs, size: st.size, root });
  }

  for (const p of paths) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch {
      problems.push({ path: p, message: 'no such file or directory' });
      continue;
    }
    if (st.isDirectory()) {
      for (const f of await walk(p)) await addFile(f, f, p);
    } else {
      await addFile(p, p, p);
    }
  }
  return {
    files,
    problems,
    async cleanup() {
      await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** The name a file had before compression suffixes: `kern.log.2.gz` → `kern.log.2`. */
export function logicalName(display: string): string {
  const member = display.includes('!') ? display.slice(display.lastIndexOf('!') + 1) : display;
  return basename(member).replace(/\.(gz|xz|bz2|zst)$/, '');
}
