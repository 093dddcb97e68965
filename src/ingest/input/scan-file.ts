/**
 * First pass over a file: the content fingerprints that make re-imports idempotent (identity is
 * content, never path or time), the line count, and the head used to detect the format.
 */
import { createHash } from 'node:crypto';
import { openDecompressed } from './decompress.js';
import type { InputFile } from './expand-paths.js';

export const HEAD_HASH_BYTES = 64 * 1024;
const HEAD_LINES = 200;

export interface FileScan {
  readonly contentHash: string;
  readonly headHash: string;
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
  const headText = Buffer.concat(headParts).toString('utf8');
  const head = headText.split('\n').slice(0, HEAD_LINES).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (head.length > 0 && head[head.length - 1] === '' && lines < HEAD_LINES) head.pop();
  return { contentHash: all.digest('hex'), headHash: headHash.digest('hex'), bytes, lines, head };
}

/** sha256 of the first `n` bytes of the decompressed content: is this file a grown copy? */
export async function prefixHash(file: InputFile, n: number): Promise<string> {
  const h = createHash('sha256');
  let left = n;
  const stream = openDecompressed(file.path, file.compression);
  try {
    for await (const c of stream) {
      const chunk = c as Buffer;
      if (left <= 0) break;
      const take = chunk.subarray(0, left);
      h.update(take);
      left -= take.length;
    }
  } finally {
    stream.destroy();
  }
  return h.digest('hex');
}
