import { afterAll, describe, expect, it } from 'vitest';
import { generateSmall, hashTree } from './lab-fixture.js';

describe('lab determinism', () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    for (const c of cleanups) c();
  });

  it('writes a byte-identical tree for the same seed and a different one for another seed', async () => {
    const a = await generateSmall('story', 42);
    const b = await generateSmall('story', 42);
    const c = await generateSmall('story', 43);
    cleanups.push(a.cleanup, b.cleanup, c.cleanup);
    const ha = hashTree(a.dir);
    const hb = hashTree(b.dir);
    const hc = hashTree(c.dir);
    expect(ha.size).toBeGreaterThan(15);
    expect([...hb.entries()]).toEqual([...ha.entries()]);
    // Another seed changes the captures, the logs and the truth.
    for (const f of [
      'captures/xentop.txt',
      'captures/iostat.json',
      'var/log/xen/xenstored-access.log',
      'truth.json',
    ]) {
      expect(hc.get(f), f).toBeDefined();
      expect(hc.get(f), f).not.toBe(ha.get(f));
    }
    expect(a.summary.files.map((f) => f.path)).toEqual([...ha.keys()].sort());
  });

  it('does not depend on the wall clock: the default start is fixed', async () => {
    const a = await generateSmall('no-cause', 7);
    cleanups.push(a.cleanup);
    expect(a.summary.start).toBe('2026-05-11T00:00:00Z');
    expect(a.summary.end).toBe('2026-05-11T01:00:00Z');
  });
});
