import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { openDecompressed } from '../../src/ingest/input/decompress.js';
import { expandPaths, logicalName } from '../../src/ingest/input/expand-paths.js';
import { linesFromChunks } from '../../src/ingest/input/line-reader.js';
import { scanFile } from '../../src/ingest/input/scan-file.js';

const TEXT = 'first line\r\nsecond line\nthird without newline';

async function contentOf(
  file: Parameters<typeof openDecompressed>[0],
  c: Parameters<typeof openDecompressed>[1],
) {
  const out: string[] = [];
  for await (const l of linesFromChunks(openDecompressed(file, c))) out.push(l);
  return out;
}

describe('expandPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-expand-'));
  mkdirSync(join(dir, 'logs', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'logs', 'plain.log'), TEXT);
  writeFileSync(join(dir, 'logs', 'sub', 'zipped.log.gz'), gzipSync(TEXT));
  for (const [prog, args, ext] of [
    ['xz', ['-z', '-k'], 'xz'],
    ['bzip2', ['-z', '-k'], 'bz2'],
    ['zstd', ['-q', '-k'], 'zst'],
  ] as const) {
    const p = join(dir, `c.${ext}.log`);
    writeFileSync(p, TEXT);
    execFileSync(prog, [...args, p]);
  }
  const tarDir = join(dir, 'tarsrc');
  mkdirSync(join(tarDir, 'var', 'log', 'xen'), { recursive: true });
  writeFileSync(join(tarDir, 'var', 'log', 'xen', 'xl-web01.log'), TEXT);
  tar.c({ gzip: true, file: join(dir, 'evidence.tgz'), cwd: tarDir, sync: true }, ['var']);

  it('walks directories in name order', async () => {
    const x = await expandPaths([join(dir, 'logs')]);
    expect(x.files.map((f) => logicalName(f.display))).toEqual(['plain.log', 'zipped.log']);
    expect(x.files[1]!.compression).toBe('gzip');
    await x.cleanup();
  });

  it('reads gzip, xz, bzip2 and zstd by their magic bytes', async () => {
    for (const ext of ['xz', 'bz2', 'zst']) {
      const x = await expandPaths([join(dir, `c.${ext}.log.${ext}`)]);
      expect(x.problems).toEqual([]);
      expect(await contentOf(x.files[0]!.path, x.files[0]!.compression)).toEqual([
        'first line',
        'second line',
        'third without newline',
      ]);
    }
  });

  it('unpacks tarballs and names members archive!path', async () => {
    const x = await expandPaths([join(dir, 'evidence.tgz')]);
    expect(x.files).toHaveLength(1);
    expect(x.files[0]!.display).toBe(`${join(dir, 'evidence.tgz')}!var/log/xen/xl-web01.log`);
    const scan = await scanFile(x.files[0]!);
    expect(scan.lines).toBe(3);
    await x.cleanup();
  });

  it('reports a missing path instead of failing', async () => {
    const x = await expandPaths([join(dir, 'nope')]);
    expect(x.files).toEqual([]);
    expect(x.problems).toEqual([{ path: join(dir, 'nope'), message: 'no such file or directory' }]);
  });

  it('fingerprints content, not names', async () => {
    const a = await expandPaths([join(dir, 'logs', 'plain.log')]);
    const b = await expandPaths([join(dir, 'logs', 'sub', 'zipped.log.gz')]);
    const [sa, sb] = [await scanFile(a.files[0]!), await scanFile(b.files[0]!)];
    expect(sa.contentHash).toBe(sb.contentHash);
    expect(sa.head).toEqual(['first line', 'second line', 'third without newline']);
  });
});
