/**
 * The empirical nulls' scores (design.md, "How the explanation works" §6), spread over worker
 * threads. Scoring a few hundred null windows × every series of the host is most of an
 * investigation's work, and each window is independent of the others, so the windows are cut into
 * contiguous runs: the calling thread scores the first while workers score the rest. The host's
 * series are copied once into SharedArrayBuffers that every worker reads in place. Each run is
 * scored by the same `scoreWindow` in the same order, so the result is the same for any number of
 * threads (tests compare them).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Block, HostData, HostSeries } from './candidates.js';
import type { Geometry } from './robust-score.js';
import type { Roles } from './window-scores.js';
import { scoreWindow } from './window-scores.js';

/** Fewer windows than this per thread and starting a worker costs more than it saves. */
export const MIN_WINDOWS_PER_THREAD = 24;

export interface NullScores {
  /** The times that could be scored, in the order given. */
  readonly times: number[];
  /** One score per series for each of `times`. */
  readonly scores: Float64Array[];
  /** Threads that did the work (1: the calling thread alone, also when no worker could start). */
  readonly threads: number;
}

export interface NullScoreOptions {
  /** Threads to use, the calling one included; default: the machine's parallelism, at most 8. */
  readonly threads?: number;
  /** The worker module; default: `null-scores-worker.js` beside this module (the built package). */
  readonly workerUrl?: URL;
}

/** What a worker is sent: the host's series as shared buffers and its run of times. */
export interface NullJob {
  readonly host: string;
  readonly step: number;
  readonly series: readonly HostSeries[];
  readonly blocks: readonly { from: number; step: number; len: number; buffer: SharedArrayBuffer }[];
  readonly roles: Roles;
  readonly geometry: Geometry;
  readonly times: readonly number[];
}

/** What a worker answers: the scored times and their scores, in order. */
export interface NullAnswer {
  readonly times: number[];
  readonly scores: Float64Array[];
}

/** Scores one run of null windows: what the calling thread and every worker run. */
export function scoreRun(data: HostData, roles: Roles, g: Geometry, times: readonly number[]): NullAnswer {
  const out: NullAnswer = { times: [], scores: [] };
  for (const t of times) {
    const w = scoreWindow(data, roles, t, g, false);
    if (!w) continue;
    out.times.push(t);
    out.scores.push(w.score);
  }
  return out;
}

/** The host's blocks rebuilt as views on shared buffers (one per block, series after series). */
export function hostDataOnShared(job: Pick<NullJob, 'host' | 'step' | 'series' | 'blocks'>): HostData {
  const n = job.series.length;
  const blocks: Block[] = job.blocks.map((b) => ({
    from: b.from,
    step: b.step,
    len: b.len,
    values: Array.from({ length: n }, (_, s) => new Float64Array(b.buffer, s * b.len * 8, b.len)),
  }));
  return { host: job.host, step: job.step, series: job.series, blocks };
}

function shareBlocks(data: HostData): NullJob['blocks'] {
  return data.blocks.map((b) => {
    const buffer = new SharedArrayBuffer(data.series.length * b.len * 8);
    b.values.forEach((v, s) => {
      new Float64Array(buffer, s * b.len * 8, b.len).set(v);
    });
    return { from: b.from, step: b.step, len: b.len, buffer };
  });
}

function defaultWorkerUrl(): URL | null {
  const url = new URL('./null-scores-worker.js', import.meta.url);
  // Running from the sources (tests, tsx) there is no built worker: score in this thread.
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

function runWorker(url: URL, job: NullJob): Promise<NullAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: job });
    let answer: NullAnswer | null = null;
    worker.once('message', (m: NullAnswer) => {
      answer = m;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`null-score worker exited with code ${code} before answering`));
    });
  });
}

/** Scores the null windows ending at `times`, on up to `threads` threads. */
export async function scoreNulls(
  data: HostData,
  roles: Roles,
  g: Geometry,
  times: readonly number[],
  options: NullScoreOptions = {},
): Promise<NullScores> {
  const want = Math.max(1, Math.floor(options.threads ?? Math.min(8, availableParallelism())));
  const threads = Math.min(want, Math.floor(times.length / MIN_WINDOWS_PER_THREAD));
  const url = threads > 1 ? (options.workerUrl ?? defaultWorkerUrl()) : null;
  if (!url || threads <= 1) return { ...scoreRun(data, roles, g, times), threads: 1 };
  const runs: number[][] = [];
  for (let k = 0; k < threads; k++) {
    runs.push(
      times.slice(Math.floor((k * times.length) / threads), Math.floor(((k + 1) * times.length) / threads)),
    );
  }
  const blocks = shareBlocks(data);
  let failed = 0;
  const pending = runs.slice(1).map((run) =>
    runWorker(url, {
      host: data.host,
      step: data.step,
      series: data.series,
      blocks,
      roles,
      geometry: g,
      times: run,
    }).catch(() => {
      // A worker that cannot start (thread limits, a broken install) costs time, not the answer.
      failed++;
      return scoreRun(data, roles, g, run);
    }),
  );
  // The calling thread takes the first run while the workers take the others.
  const mine = scoreRun(data, roles, g, runs[0]!);
  const answers = [mine, ...(await Promise.all(pending))];
  return {
    times: answers.flatMap((a) => a.times),
    scores: answers.flatMap((a) => a.scores),
    threads: threads - failed,
  };
}
