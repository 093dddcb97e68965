/**
 * The pieces that recognise a grown file: lead hashes, prefix hashes (streamed, across chunks and
 * through gzip), the choice of the earlier import it continues, and the tally of results its old
 * part emitted at its end.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { xentopFormat } from '../../src/formats/xentop.js';
import type { InputFile } from '../../src/ingest/input/expand-paths.js';
import {
  findResumePoint,
  firstBytes,
  headEndResults,
  ResultTally,
} from '../../src/ingest/input/grown-file.js';
import { LEAD_HASH_BYTES, leadHashOf, prefixHashes, scanFile } from '../../src/ingest/input/scan-file.js';
import type { ParseResult } from '../../src/model/index.js';
import type { ImportedFile } from '../../src/store/store.js';
import { ctxFor } from '../helpers/parse.js';
import { labPath, linesOf, readShared } from '../helpers/shared.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'xenscope-grown-unit-'));

function inputOf(name: string, content: Buffer | string, gzip = false): InputFile {
  const path = join(dir, name);
  const bytes = Buffer.from(content);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return {
    display: path,
    path,
    compression: gzip ? 'gzip' : 'none',
    mtime: 0,
    size: bytes.length,
    root: dir,
  };
}

function imported(content: string, over: Partial<ImportedFile> = {}): ImportedFile {
  const b = Buffer.from(content);
  return {
    host: 'h1',
    path: '/var/log/syslog',
    contentHash: sha(b),
    headHash: sha(b.subarray(0, 64 * 1024)),
    leadHash: leadHashOf(b),
    bytes: b.length,
    lines: linesOf(content).length,
    format: 'syslog',
    importedAt: 0,
    ...over,
  };
}

describe('leadHashOf', () => {
  it('hashes the first line with its newline, else the first 4 KiB, else nothing', () => {
    expect(leadHashOf(Buffer.from('one\ntwo\n'))).toBe(sha('one\n'));
    expect(leadHashOf(Buffer.from('one\ntwo and more\n'))).toBe(sha('one\n'));
    expect(leadHashOf(Buffer.from('no newline yet'))).toBeNull();
    const long = 'x'.repeat(LEAD_HASH_BYTES + 10);
    expect(leadHashOf(Buffer.from(long))).toBe(sha(long.slice(0, LEAD_HASH_BYTES)));
  });
});

describe('prefixHashes', () => {
  // Larger than one read (1 MiB), so offsets fall in several chunks and on their edges.
  const big = Buffer.from(
    Array.from({ length: 60_000 }, (_, i) => `line ${i} ${'y'.repeat(i % 50)}\n`).join(''),
  );
  const offsets = [0, 1, 17, 1 << 20, (1 << 20) + 1, big.length - 1, big.length];

  for (const gzip of [false, true]) {
    it(`hashes every prefix in one pass${gzip ? ' through gzip' : ''}, and says where a line ends`, async () => {
      const file = inputOf(gzip ? 'big.gz' : 'big.txt', big, gzip);
      const got = await prefixHashes(file, [...offsets, big.length + 5]);
      for (const n of offsets) {
        expect(got.get(n)?.hash, String(n)).toBe(sha(big.subarray(0, n)));
        expect(got.get(n)?.endsLine, String(n)).toBe(n > 0 && big[n - 1] === 10);
      }
      expect(got.has(big.length + 5)).toBe(false);
    });
  }

  it('agrees with the scan: the whole file’s prefix is its content hash', async () => {
    const file = inputOf('whole.txt', 'a\nb\nc');
    const scan = await scanFile(file);
    expect((await prefixHashes(file, [scan.bytes])).get(scan.bytes)?.hash).toBe(scan.contentHash);
    expect(scan.leadHash).toBe(sha('a\n'));
  });
});

describe('findResumePoint', () => {
  const v1 = 'May 17 10:00:01 xen01 kernel: a\nMay 17 10:00:02 xen01 kernel: b\n';
  const v2 = `${v1}May 17 10:30:00 xen01 kernel: c\n`;
  const v3 = `${v2}May 17 10:59:00 xen01 kernel: d\nMay 17 10:59:01 xen01 kernel: e`;

  it('continues the longest earlier import whose content is this file’s start', async () => {
    const file = inputOf('syslog', v3);
    const scan = await scanFile(file);
    const p = await findResumePoint(file, scan, [imported(v1), imported(v2)]);
    expect(p).toEqual({ previous: imported(v2), cutLine: false, replayLines: 3 });
  });

  it('reads a line cut by the earlier import again whole', async () => {
    const cut = v3.slice(0, v2.length + 10);
    const file = inputOf('syslog-cut', v3);
    const p = await findResumePoint(file, await scanFile(file), [imported(cut)]);
    expect(p).toMatchObject({ cutLine: true, replayLines: 3, previous: { lines: 4 } });
  });

  it('finds nothing for a rewritten start, a longer earlier file or another first line', async () => {
    const rewritten = v3.replace(': b', ': B');
    const file = inputOf('syslog-rewritten', rewritten);
    const scan = await scanFile(file);
    expect(await findResumePoint(file, scan, [imported(v1), imported(v2)])).toBeNull();
    const same = inputOf('syslog-v2', v2);
    expect(await findResumePoint(same, await scanFile(same), [imported(v3)])).toBeNull();
    const other = imported(`X${v1}`, { contentHash: sha(v1) });
    expect(await findResumePoint(file, scan, [other])).toBeNull();
  });
});

describe('ResultTally', () => {
  const rec = (line: number, message: string): ParseResult => ({
    ok: true,
    record: { type: 'log', ts: 1, tsSource: 'line', source: 'kernel', message, line },
  });

  it('is a multiset by value: each held result matches once', () => {
    const t = new ResultTally();
    t.add(rec(1, 'a'));
    t.add(rec(1, 'a'));
    t.add({ ok: false, diag: { file: 'f', line: 2, code: 'bad_number', message: 'm' } });
    expect(t.take(rec(1, 'b'))).toBe(false);
    expect(t.take(rec(2, 'a'))).toBe(false);
    expect(t.take(rec(1, 'a'))).toBe(true);
    expect(t.take(rec(1, 'a'))).toBe(true);
    expect(t.take(rec(1, 'a'))).toBe(false);
    expect(t.take({ ok: false, diag: { file: 'f', line: 2, code: 'bad_number', message: 'm' } })).toBe(true);
    expect(t.size).toBe(0);
  });
});

describe('headEndResults on the real xentop capture', () => {
  const capture = readShared('corpus', 'xen-4.17-lab', 'xentop-b-n-x-during-domu1.txt');
  const ctx = {
    ...ctxFor(labPath('xentop-b-n-x-during-domu1.txt')),
    start: Date.UTC(2026, 10, 26, 12, 27, 20),
    intervalSeconds: 1,
  };

  async function endOf(oldPart: string): Promise<ResultTally> {
    const file = inputOf('xentop.txt', capture);
    const prev = imported(oldPart, { format: 'xentop' });
    const point = await findResumePoint(file, await scanFile(file), [prev]);
    expect(point).not.toBeNull();
    return headEndResults(xentopFormat, file, point!, ctx);
  }

  /** How many results of the whole capture, emitted after line `after`, the tally holds. */
  function reappearing(tally: ResultTally, after: number): number {
    const state = xentopFormat.open(ctx);
    const out: ParseResult[] = [];
    let n = 0;
    let taken = 0;
    const see = () => {
      for (const r of out) if (tally.take(r as ParseResult)) taken++;
      out.length = 0;
    };
    for (const [i, text] of linesOf(capture).entries()) {
      state.line(text, i + 1, out as never);
      if (i + 1 > after) see();
      else out.length = 0;
      n = i + 1;
    }
    state.end(out as never);
    see();
    expect(n).toBe(290);
    return taken;
  }

  it('holds the old part’s last iteration, which the whole capture emits again after the offset', async () => {
    const lines = linesOf(capture);
    // 3 whole iterations of 5 lines: the third (Domain-0 and domu1) is emitted only at the end.
    const atBoundary = await endOf(`${lines.slice(0, 15).join('\n')}\n`);
    const held = atBoundary.size;
    expect(held).toBeGreaterThanOrEqual(4);
    expect(reappearing(atBoundary, 15)).toBe(held);
    // Cut inside iteration 4's domu1 row: Domain-0's row of iteration 4 comes again, the
    // complaint about the cut row does not.
    const midRow = await endOf(`${lines.slice(0, 17).join('\n')}\n${lines[17]!.slice(0, 40)}`);
    const heldMid = midRow.size;
    expect(heldMid).toBeGreaterThanOrEqual(3);
    expect(reappearing(midRow, 17)).toBe(heldMid - 1);
    expect(midRow.size).toBe(1);
  });

  it('reads exactly the first bytes it is given', async () => {
    const file = inputOf('bytes.txt', '0123456789');
    const { openDecompressed } = await import('../../src/ingest/input/decompress.js');
    const parts: Buffer[] = [];
    for await (const c of firstBytes(openDecompressed(file.path, 'none'), 4)) parts.push(c);
    expect(Buffer.concat(parts).toString()).toBe('0123');
  });
});
