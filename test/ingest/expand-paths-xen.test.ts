/** Walking an `/etc/xen`-like folder: domain configs only, `auto/` links counted once. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../src/ingest/input/expand-paths.js';

describe('expandPaths on /etc/xen', () => {
  const root = mkdtempSync(join(tmpdir(), 'xenscope-etc-'));
  const xen = join(root, 'etc', 'xen');
  mkdirSync(join(xen, 'scripts'), { recursive: true });
  mkdirSync(join(xen, 'auto'));
  for (const f of [
    'web01.cfg',
    'db01.cfg',
    'xl.conf',
    'xl.conf.dpkg-old',
    'xend-config.sxp',
    'cpupool',
    'xlexample.hvm',
    'xmexample1',
  ])
    writeFileSync(join(xen, f), 'name = "x"\n');
  writeFileSync(join(xen, 'scripts', 'vif-bridge'), '#!/bin/sh\n');
  symlinkSync('../web01.cfg', join(xen, 'auto', 'web01'));
  // A link to a config outside the walk is the only copy: it stays.
  writeFileSync(join(root, 'elsewhere.cfg'), 'name = "y"\n');
  symlinkSync(join(root, 'elsewhere.cfg'), join(xen, 'auto', 'y'));

  it('keeps domain configs and skips xl.conf, scripts/, cpupool and the shipped examples', async () => {
    const x = await expandPaths([xen]);
    expect(x.files.map((f) => relative(xen, f.display))).toEqual(['auto/y', 'db01.cfg', 'web01.cfg']);
    expect(new Set(x.files.map((f) => f.root))).toEqual(new Set([xen]));
    await x.cleanup();
  });

  it('treats a folder holding xl.conf as /etc/xen whatever its name', async () => {
    const x = await expandPaths([join(root, 'etc')]);
    expect(x.files.map((f) => relative(root, f.display))).toEqual([
      'etc/xen/auto/y',
      'etc/xen/db01.cfg',
      'etc/xen/web01.cfg',
    ]);
    await x.cleanup();
  });

  it('leaves other folders alone', async () => {
    const other = join(root, 'captures');
    mkdirSync(join(other, 'scripts'), { recursive: true });
    writeFileSync(join(other, 'cpupool'), 'x\n');
    writeFileSync(join(other, 'scripts', 'run.sh'), 'x\n');
    const x = await expandPaths([other]);
    expect(x.files.map((f) => relative(other, f.display))).toEqual(['cpupool', 'scripts/run.sh']);
    await x.cleanup();
  });
});
