/**
 * The empirical nulls' scores (design.md, "How the explanation works" §6), on worker threads.
 * Scoring a few hundred null windows × every series of the host is most of an investigation's
 * work; each window lies inside one loaded block and is independent of the others. So scoring
 * starts while the series are still being read: as each block arrives (its values already on a
 * SharedArrayBuffer), its windows are queued as small jobs, and each worker is handed the next
 * job as it finishes one. The calling thread reads meanwhile (DuckDB's own threads do most of
 * that), so it is one of the threads: once every block is in, it scores queued jobs too instead
 * of waiting. Every window is scored by the same `scoreWindow` on the same bins, and the answers
 * are put back in the order the times were given, so the result is the same for any number of
 * threads (tests compare them). With one thread, or too few windows to share, the calling thread
 * scores them all once every block is in.
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
/** Windows per job a worker is sent (a fraction of a second of work each). */
const JOB_WINDOWS = 8;

export interface NullScores {
  /** The times that could be scored, in the order given. */
  readonly times: number[];
  /** One score per series for each of `times`. */
  readonly scores: Float64Array[];
  /** The calling thread and the workers still alive at the end (1: no worker started, or all failed). */
  readonly threads: number;
}

export interface NullScoreOptions {
  /**
   * Threads to score on, the calling one included (so one worker fewer); default: the machine's
   * parallelism, at most 8.
   */
  readonly threads?: number;
  /** The worker module; default: `null-scores-worker.js` beside this module (the built package). */
  readonly workerUrl?: URL;
}

/** What every worker is started with. */
export interface NullSetup {
  readonly host: string;
  readonly step: number;
  readonly series: readonly HostSeries[];
  readonly roles: Roles;
  readonly geometry: Geometry;
}

/** One block's windows, sent to a worker: the block travels as its shared buffer. */
export interface NullJob {
  readonly id: number;
  readonly block: { from: number; step: number; len: number; buffer: SharedArrayBuffer };
  readonly times: readonly number[];
}

/** A worker's answer to one job: the scored times and their scores, in order. */
export interface NullAnswer {
  readonly id: number;
  readonly times: number[];
  readonly scores: Float64Array[];
}

/** Scores the null windows ending at `times` on `data`, in order: what every thread runs. */
export function scoreRun(
  data: HostData,
  roles: Roles,
  g: Geometry,
  times: readonly number[],
): Omit<NullAnswer, 'id'> {
  const out = { times: [] as number[], scores: [] as Float64Array[] };
  for (const t of times) {
    const w = scoreWindow(data, roles, t, g, false);
    if (!w) continue;
    out.times.push(t);
    out.scores.push(w.score);
  }
  return out;
}

/** A job's block as HostData: views on its shared buffer, series after series. */
export function jobData(setup: NullSetup, block: NullJob['block']): HostData {
  const values = setup.series.map((_, s) => new Float64Array(block.buffer, s * block.len * 8, block.len));
  return {
    host: setup.host,
    step: setup.step,
    series: setup.series,
    blocks: [{ from: block.from, step: block.step, len: block.len, values, buffer: block.buffer }],
  };
}

function defaultWorkerUrl(): URL | null {
  const url = new URL('./null-scores-worker.js', import.meta.url);
  // Running from the sources (tests, tsx) there is no built worker: score in this thread.
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** The block's values on one shared buffer (copied when they are not already). */
function sharedBlock(b: Block): NullJob['block'] {
  let buffer = b.buffer;
  if (!buffer || b.values.some((v, s) => v.buffer !== buffer || v.byteOffset !== s * b.len * 8)) {
    const copy = new SharedArrayBuffer(b.values.length * b.len * 8);
    b.values.forEach((v, s) => {
      new Float64Array(copy, s * b.len * 8, b.len).set(v);
    });
    buffer = copy;
  }
  return { from: b.from, step: b.step, len: b.len, buffer };
}

/** A job waiting for a thread: its block as the calling thread sees it, and as workers do. */
interface QueuedJob {
  readonly id: number;
  readonly times: readonly number[];
  readonly block: Block;
  /** The block on one shared buffer (null when there are no workers to send it to). */
  readonly shared: NullJob['block'] | null;
}

interface PoolWorker {
  readonly worker: Worker;
  /** Jobs sent and not answered yet, by id: one listener per worker settles them all. */
  readonly waiting: Map<number, QueuedJob>;
  failed: boolean;
}

/** Jobs a worker holds at once: one to score and one to start on while its answer travels. */
const JOBS_IN_HAND = 2;

/**
 * Null scoring that starts as blocks arrive: `add` each loaded block (with the host's series and
 * the null roles, known from the first block on), then `finish`.
 */
export class NullScoring {
  readonly #times: readonly number[];
  readonly #g: Geometry;
  /** Workers to start: the calling thread is the last of the threads. */
  readonly #workers: number;
  readonly #url: URL | null;
  readonly #pool: PoolWorker[] = [];
  /** Jobs no thread has taken yet, oldest first. */
  readonly #queue: QueuedJob[] = [];
  /** Answers by job id. */
  readonly #answers = new Map<number, Omit<NullAnswer, 'id'>>();
  /** Set while `finish` waits: called when a job is answered or handed back. */
  #wake: (() => void) | null = null;
  #closed = false;
  #nextId = 0;
  #setup: NullSetup | null = null;

  constructor(times: readonly number[], g: Geometry, options: NullScoreOptions = {}) {
    this.#times = times;
    this.#g = g;
    const want = Math.max(1, Math.floor(options.threads ?? Math.min(8, availableParallelism())));
    const threads = Math.min(want, Math.floor(times.length / MIN_WINDOWS_PER_THREAD));
    this.#url = threads > 1 ? (options.workerUrl ?? defaultWorkerUrl()) : null;
    this.#workers = this.#url ? threads - 1 : 0;
  }

  /** A loaded block: its windows are queued, and idle workers start on them now. */
  add(block: Block, host: string, step: number, series: readonly HostSeries[], roles: Roles): void {
    this.#setup ??= { host, step, series, roles, geometry: this.#g };
    const end = block.from + block.len * block.step;
    const times = this.#times.filter((t) => t >= block.from && t < end);
    if (times.length === 0) return;
    // Workers read the block in place; the calling thread reads `block` itself.
    const shared = this.#workers > 0 ? sharedBlock(block) : null;
    for (let i = 0; i < times.length; i += JOB_WINDOWS)
      this.#queue.push({ id: this.#nextId++, times: times.slice(i, i + JOB_WINDOWS), block, shared });
    this.#dispatch();
  }

  async finish(): Promise<NullScores> {
    const setup = this.#setup;
    if (!setup) return { times: [], scores: [], threads: 1 };
    try {
      // The calling thread takes queued jobs too, one at a time, letting the workers' answers
      // (and with them their next jobs) through between two; then it waits for the last answers.
      for (;;) {
        const job = this.#queue.shift();
        if (job) {
          this.#answers.set(job.id, this.#inline(job));
          if (this.#busy()) await new Promise((r) => setImmediate(r));
        } else if (this.#busy()) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
        } else break;
      }
      // Back in the order the times were given (each time is in one block, so one job).
      const scoreOf = new Map<number, Float64Array>();
      for (const a of this.#answers.values())
        for (let k = 0; k < a.times.length; k++) scoreOf.set(a.times[k]!, a.scores[k]!);
      const times = this.#times.filter((t) => scoreOf.has(t));
      const used = this.#pool.filter((w) => !w.failed).length;
      return { times, scores: times.map((t) => scoreOf.get(t)!), threads: 1 + used };
    } finally {
      this.close();
    }
  }

  /** Ends the workers (idempotent): `finish` does, and so must whoever gives up before it. */
  close(): void {
    this.#closed = true;
    for (const w of this.#pool) void w.worker.terminate();
  }

  /** Whether a worker still holds a job. */
  #busy(): boolean {
    return this.#pool.some((w) => w.waiting.size > 0);
  }

  /** Hands queued jobs to workers with room for one (starting workers while fewer than allowed). */
  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let target = this.#pool.find((w) => !w.failed && w.waiting.size < JOBS_IN_HAND);
      if (!target && this.#pool.length < this.#workers) target = this.#start();
      if (!target) return;
      const job = this.#queue.shift()!;
      target.waiting.set(job.id, job);
      target.worker.postMessage({ id: job.id, times: job.times, block: job.shared! } satisfies NullJob);
    }
  }

  /** A job was answered or handed back: `finish`, if it waits, looks again. */
  #settled(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /**
   * A new worker, kept referenced: the process must stay up while `finish` awaits its answers
   * (`close` ends it, also when reading the series fails).
   */
  #start(): PoolWorker {
    const w: PoolWorker = {
      worker: new Worker(this.#url!, { workerData: this.#setup! }),
      waiting: new Map(),
      failed: false,
    };
    w.worker.on('message', (m: NullAnswer) => {
      if (!w.waiting.delete(m.id)) return;
      this.#answers.set(m.id, m);
      this.#dispatch();
      this.#settled();
    });
    const fail = () => {
      // A worker that cannot start or dies costs time, not the answer: its jobs go back to the
      // front of the queue, for another worker or the calling thread.
      if (w.failed) return;
      w.failed = true;
      this.#queue.unshift(...w.waiting.values());
      w.waiting.clear();
      this.#dispatch();
      this.#settled();
    };
    w.worker.on('error', fail);
    w.worker.on('exit', fail);
    this.#pool.push(w);
    return w;
  }

  #inline(job: QueuedJob): Omit<NullAnswer, 'id'> {
    const setup = this.#setup!;
    const data: HostData = { host: setup.host, step: setup.step, series: setup.series, blocks: [job.block] };
    return scoreRun(data, setup.roles, this.#g, job.times);
  }
}

/** Scores the null windows ending at `times` on loaded data, on up to `threads` threads. */
export function scoreNulls(
  data: HostData,
  roles: Roles,
  g: Geometry,
  times: readonly number[],
  options: NullScoreOptions = {},
): Promise<NullScores> {
  const scoring = new NullScoring(times, g, options);
  for (const b of data.blocks) scoring.add(b, data.host, data.step, data.series, roles);
  return scoring.finish();
}
