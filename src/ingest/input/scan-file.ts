/**
 * First pass over a file: the content fingerprints that make re-imports idempotent (identity is
 * content, never path or time), the line count, and the head used to detect the format.
 */
import { createHash } from 'node:crypto';
import { openDecompressed } from './decompress.js';
import type { InputFile } from './expand-paths.js';

export const HEAD_HASH_BYTES = 64 * 1024;
/** The lead hash covers the first line when it ends within this many bytes, else these bytes. */
export const LEAD_HASH_BYTES = 4096;
const HEAD_LINES = 200;

export interface FileScan {
  readonly contentHash: string;
  readonly headHash: string;
  /**
   * sha256 of the first line (with its newline) or, when that is longer, of the first
   * LEAD_HASH_BYTES; null for a file shorter than that without a newline. Every grown copy of a
   * file shares it (unlike the head hash of a file shorter than 64 KiB): finds candidates cheaply.
   */
  readonly leadHash: string | null;
  readonly bytes: number;
  readonly lines: number;
  readonly head: string[];
}

export async function scanFile(file: InputFile, onBytes?: (n: number) => void): Promise<FileScan> {
  const all = createHash('sha256');
  const headHash = createHash('sha256');
  let bytes = 0;
  let headBytes = 0;
  let newlines = 0;
  let lastByte = -1;
  const headParts: Buffer[] = [];
  for await (const c of openDecompressed(file.path, file.compression)) {
    const chunk = c as Buffer;
    all.update(chunk);
    if (headBytes < HEAD_HASH_BYTES) {
      const take = chunk.subarray(0, HEAD_HASH_BYTES - headBytes);
      headHash.update(take);
      headParts.push(take);
      headBytes += take.length;
    }
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
    bytes += chunk.length;
    onBytes?.(chunk.length);
  }
  const lines = newlines + (bytes > 0 && lastByte !== 10 ? 1 : 0);
  const headBuf = Buffer.concat(headParts);
  const headText = headBuf.toString('utf8');
  const head = headText
    .split('\n')
    .slice(0, HEAD_LINES)
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (head.length > 0 && head[head.length - 1] === '' && lines < HEAD_LINES) head.pop();
  return {
    contentHash: all.digest('hex'),
    headHash: headHash.digest('hex'),
    leadHash: leadHashOf(headBuf),
    bytes,
    lines,
    head,
  };
}

/** The lead hash (see `FileScan.leadHash`) of a file whose first bytes are `head`. */
export function leadHashOf(head: Buffer): string | null {
  const nl = head.subarray(0, LEAD_HASH_BYTES).indexOf(10);
  const end = nl !== -1 ? nl + 1 : head.length >= LEAD_HASH_BYTES ? LEAD_HASH_BYTES : -1;
  return end === -1 ? null : createHash('sha256').update(head.subarray(0, end)).digest('hex');
}

/** The first `n` bytes of a file: their sha256, and whether they end with a newline. */
export interface Prefix {
  readonly hash: string;
  readonly endsLine: boolean;
}

/**
 * The prefix of the decompressed content up to each of `offsets` (one streaming pass, the running
 * hash copied at each offset): is this file a grown copy of one imported before? Offsets beyond
 * the end get no entry.
 */
export async function prefixHashes(
  file: InputFile,
  offsets: readonly number[],
): Promise<Map<number, Prefix>> {
  const wanted = [...new Set(offsets)].filter((n) => n >= 0).sort((a, b) => a - b);
  const out = new Map<number, Prefix>();
  const h = createHash('sha256');
  let at = 0;
  let k = 0;
  let last = -1;
  const take = (n: number) => out.set(n, { hash: h.copy().digest('hex'), endsLine: last === 10 });
  while (k < wanted.length && wanted[k] === 0) take(wanted[k++]!);
  if (k === wanted.length) return out;
  const stream = openDecompressed(file.path, file.compression);
  try {
    for await (const c of stream) {
      const chunk = c as Buffer;
      let from = 0;
      while (k < wanted.length && wanted[k]! <= at + chunk.length) {
        const upTo = wanted[k]! - at;
        h.update(chunk.subarray(from, upTo));
        if (upTo > 0) last = chunk[upTo - 1]!;
        from = upTo;
        take(wanted[k++]!);
      }
      if (k === wanted.length) break;
      h.update(chunk.subarray(from));
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
      at += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  return out;
}
