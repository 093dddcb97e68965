/**
 * The nulls scored on worker threads equal the nulls scored in one thread, value for value. Under
 * vitest the sources are TypeScript, which a worker cannot load, so the worker is bundled first,
 * as the package build does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostData, HostSeries } from '../../src/analyze/candidates.js';
import { roleOf } from '../../src/analyze/candidates.js';
import { MIN_WINDOWS_PER_THREAD, NullScoring, scoreNulls } from '../../src/analyze/null-scores.js';
import { Prng } from '../../src/analyze/prng.js';
import { geometry } from '../../src/analyze/robust-score.js';

const STEP = 5000;

/** 10 domains × 3 metrics on one block, noisy, with a burst here and there and a few gaps. */
function hostData(): HostData {
  const rng = new Prng('null-scores');
  const series: HostSeries[] = [];
  for (let d = 0; d < 10; d++)
    for (const metric of ['vbd_wr_reqs_per_s', 'vif_tx_bytes_per_s', 'cpu_ratio'])
      series.push({
        domain: `guest${d}`,
        resource: metric.startsWith('vbd') ? 'vbd' : metric.startsWith('vif') ? 'vif' : 'cpu',
        device: metric === 'cpu_ratio' ? '' : 'xvda',
        metric,
      });
  const len = 1500;
  const values = series.map(() => {
    const v = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      v[i] = 100 + 20 * rng.next() + (rng.next() < 0.01 ? 500 : 0);
      if (rng.next() < 0.02) v[i] = Number.NaN;
    }
    return v;
  });
  // Two blocks with a gap between them, as the stretches read around incidents and for nulls are.
  const cut = 800;
  return {
    host: 'h1',
    step: STEP,
    series,
    blocks: [
      { from: 0, step: STEP, len: cut, values: values.map((v) => v.slice(0, cut)) },
      { from: (cut + 200) * STEP, step: STEP, len: len - cut, values: values.map((v) => v.slice(cut)) },
    ],
  };
}

let dir: string;
let workerUrl: URL;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xenscope-null-worker-'));
  const outfile = join(dir, 'null-scores-worker.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, '../../src/analyze/null-scores-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  workerUrl = pathToFileURL(outfile);
  // A worker that dies on its second job, before answering it.
  writeFileSync(
    join(dir, 'dying-worker.mjs'),
    `import { parentPort } from 'node:worker_threads';
let jobs = 0;
parentPort.on('message', () => { if (++jobs === 2) process.exit(1); });
await import('./null-scores-worker.mjs');
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scoreNulls', () => {
  const data = hostData();
  const g = geometry(STEP);
  const roles = data.series.map((s) => roleOf(s, '\u0000'));
  // Every minute from the first complete window on in each block, and one outside both (not
  // scorable).
  const times: number[] = [];
  for (const b of data.blocks)
    for (let t = b.from + g.end * STEP; t < b.from + b.len * STEP; t += 60_000) times.push(t);
  times.push(10_000 * STEP);

  it('gives the same times and scores on three threads as on one', async () => {
    expect(times.length).toBeGreaterThanOrEqual(3 * MIN_WINDOWS_PER_THREAD);
    const one = await scoreNulls(data, roles, g, times, { threads: 1 });
    const three = await scoreNulls(data, roles, g, times, { threads: 3, workerUrl });
    expect(one.threads).toBe(1);
    expect(three.threads).toBe(3);
    expect(one.times).toEqual(times.slice(0, -1));
    expect(three.times).toEqual(one.times);
    expect(three.scores.map((s) => Array.from(s))).toEqual(one.scores.map((s) => Array.from(s)));
    expect(one.scores.some((s) => s.some((v) => Number.isFinite(v) && v !== 0))).toBe(true);
  });

  it('stays in the calling thread when there are too few windows to share', async () => {
    const few = await scoreNulls(data, roles, g, times.slice(0, MIN_WINDOWS_PER_THREAD + 1), {
      threads: 4,
      workerUrl,
    });
    expect(few.threads).toBe(1);
  });

  it('scores elsewhere the jobs a worker held when it died', async () => {
    const one = await scoreNulls(data, roles, g, times, { threads: 1 });
    const dying = pathToFileURL(join(dir, 'dying-worker.mjs'));
    const three = await scoreNulls(data, roles, g, times, { threads: 3, workerUrl: dying });
    // Each worker is handed two jobs at once, so both die; the calling thread scores the rest.
    expect(three.threads).toBe(1);
    expect(three.times).toEqual(one.times);
    expect(three.scores.map((s) => Array.from(s))).toEqual(one.scores.map((s) => Array.from(s)));
  });

  it('still answers in full when closed before it finishes (the workers end, the rest is scored here)', async () => {
    const one = await scoreNulls(data, roles, g, times, { threads: 1 });
    const scoring = new NullScoring(times, g, { threads: 3, workerUrl });
    for (const b of data.blocks) scoring.add(b, data.host, data.step, data.series, roles);
    scoring.close();
    const closed = await scoring.finish();
    expect(closed.times).toEqual(one.times);
    expect(closed.scores.map((s) => Array.from(s))).toEqual(one.scores.map((s) => Array.from(s)));
  });

  it('scores in the calling thread what a worker that cannot start was given', async () => {
    const broken = pathToFileURL(join(dir, 'missing-worker.mjs'));
    const one = await scoreNulls(data, roles, g, times, { threads: 1 });
    const fallback = await scoreNulls(data, roles, g, times, { threads: 2, workerUrl: broken });
    expect(fallback.threads).toBe(1);
    expect(fallback.scores.map((s) => Array.from(s))).toEqual(one.scores.map((s) => Array.from(s)));
  });
});
