/**
 * Opens a file as a stream of its decompressed bytes. gzip is built in; xz, bzip2 and zstd go
 * through Debian's decompressors when present. The file is piped to the decompressor's stdin and
 * the argv is fixed: nothing from the input ever reaches a command line, and no shell runs.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type Compression = 'none' | 'gzip' | 'xz' | 'bzip2' | 'zstd';

const DECOMPRESSORS: Record<
  Exclude<Compression, 'none' | 'gzip'>,
  { argv: [string, ...string[]]; pkg: string }
> = {
  xz: { argv: ['xz', '-dc'], pkg: 'xz-utils' },
  bzip2: { argv: ['bzip2', '-dc'], pkg: 'bzip2' },
  zstd: { argv: ['zstd', '-dc', '-q'], pkg: 'zstd' },
};

/** Recognises compression from the first bytes (magic numbers), never from the name alone. */
export function compressionOf(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
    return 'xz';
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

export async function readHeadBytes(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export class DecompressorMissingError extends Error {
  constructor(
    readonly program: string,
    readonly pkg: string,
  ) {
    super(`${program} is not installed (apt-get install ${pkg})`);
  }
}

/** A readable of the file's decompressed content. */
export function openDecompressed(path: string, compression: Compression): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (compression === 'none') return raw;
  if (compression === 'gzip') return raw.pipe(createGunzip());
  const { argv, pkg } = DECOMPRESSORS[compression];
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  raw.pipe(child.stdin);
  child.stdin.on('error', () => {
    // The decompressor quit early (bad data); its exit code reports it.
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const out = child.stdout;
  child.on('error', (err: NodeJS.ErrnoException) => {
    out.destroy(err.code === 'ENOENT' ? new DecompressorMissingError(argv[0], pkg) : err);
  });
  child.on('close', (code) => {
    if (code !== 0 && code !== null)
      out.destroy(new Error(`${argv[0]} failed (exit ${code}): ${stderr.trim()}`));
  });
  return out;
}
