/**
 * `generateLab`: simulates one scenario and writes a dom0-like tree of evidence in the real
 * formats plus `truth.json`. Captures (xentop, iostat) stream to disk step by step; logs are
 * gathered, put in time order and written at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SYMPTOM_LAG } from './faults.js';
import { Prng } from './prng.js';
import type { ParamOverrides, ScenarioName } from './scenarios.js';
import { findScenario, resolveParams, SCENARIO_NAMES } from './scenarios.js';
import type { SimEvent } from './simulate.js';
import { Simulation } from './simulate.js';
import { ConsoleWriter } from './writers/console.js';
import { HypervisorLogWriter } from './writers/hypervisor-log.js';
import { IOSTAT_FOOTER, iostatHeader, iostatStatistics } from './writers/iostat-json.js';
import { KernLogWriter } from './writers/kern-log.js';
import { LineSink } from './writers/line-sink.js';
import { LogBook } from './writers/log-book.js';
import { renderLvs } from './writers/lvs.js';
import type { Truth } from './writers/truth.js';
import { buildTruth, renderTruth } from './writers/truth.js';
import { XenstoredWriter } from './writers/xenstored-access.js';
import { XentopWriter } from './writers/xentop.js';
import { renderXlInfo } from './writers/xl-info.js';
import { XlLogWriter } from './writers/xl-log.js';
import { renderXlCfg, xlcfgPath } from './writers/xlcfg.js';

export interface LabOptions extends ParamOverrides {
  readonly scenario: ScenarioName | string;
  readonly seed: number;
  /** Directory the tree is written under (created if missing). */
  readonly out: string;
  /** The simulated dom0's host name. */
  readonly host?: string;
  /** Called now and then with the share of steps done (0–1). */
  readonly onProgress?: (done: number) => void;
}

export interface LabFile {
  readonly path: string; // relative to out
  readonly bytes: number;
  readonly lines: number;
}

export interface LabSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly out: string;
  readonly host: string;
  readonly start: string;
  readonly end: string;
  readonly intervalSeconds: number;
  readonly domains: number;
  readonly steps: number;
  readonly incidents: number;
  readonly files: readonly LabFile[];
  readonly bytes: number;
  readonly lines: number;
  readonly truth: Truth;
}

/** Builds the simulation an options object describes (shared with live mode and tests). */
export function createSimulation(opts: {
  scenario: string;
  seed: number;
  host?: string;
  overrides?: ParamOverrides;
  startMs?: number;
  endMs?: number;
  firstEpisodeAfterSeconds?: number;
  fast?: boolean;
}): Simulation {
  const scenario = findScenario(opts.scenario);
  if (!scenario) {
    throw new RangeError(`unknown lab scenario '${opts.scenario}' (known: ${SCENARIO_NAMES.join(', ')})`);
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0)
    throw new RangeError(`seed must be a non-negative integer`);
  const params = resolveParams(scenario, opts.overrides);
  return new Simulation({
    scenario,
    params,
    seed: opts.seed,
    hostName: opts.host ?? 'xen-lab-01',
    ...(opts.startMs !== undefined ? { startMs: opts.startMs } : {}),
    ...(opts.endMs !== undefined ? { endMs: opts.endMs } : {}),
    ...(opts.firstEpisodeAfterSeconds !== undefined
      ? { firstEpisodeAfterSeconds: opts.firstEpisodeAfterSeconds }
      : {}),
    ...(opts.fast ? { fast: true } : {}),
  });
}

/**
 * Renders lifecycle and kernel events into the log files they belong to. The writers keep state
 * (xenstored connection ids, bridge ports), so one renderer serves a whole run; live mode feeds
 * it each step's new events.
 */
export class LogRenderer {
  readonly #writers: { render(e: SimEvent): void }[];

  constructor(sim: Simulation, book: LogBook) {
    const rng = new Prng(`lab/${sim.seed}/${sim.scenario.name}/logs`);
    this.#writers = [
      new ConsoleWriter(sim.host, rng.fork('console'), book),
      new XlLogWriter(sim.host, book),
      new XenstoredWriter(sim.host, book),
      new KernLogWriter(sim.host, rng.fork('kern'), book),
      new HypervisorLogWriter(sim.host, rng.fork('hypervisor'), book),
    ];
  }

  /** Renders `events` in time order (stable for equal times). */
  render(events: readonly SimEvent[]): void {
    const ordered = events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
      .map((x) => x.e);
    for (const e of ordered) for (const w of this.#writers) w.render(e);
  }
}

export async function generateLab(options: LabOptions): Promise<LabSummary> {
  const { scenario, seed, out, host, onProgress, ...overrides } = options;
  const sim = createSimulation({ scenario, seed, ...(host !== undefined ? { host } : {}), overrides });
  const files: LabFile[] = [];
  const writeWhole = (rel: string, text: string) => {
    const p = join(out, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    files.push({ path: rel, bytes: Buffer.byteLength(text), lines: text.split('\n').length - 1 });
  };

  for (const d of sim.host.domains) writeWhole(xlcfgPath(d.name), renderXlCfg(d, sim.host.kernelRelease));
  const guestMem = sim.host.domains.reduce((s, d) => s + d.memoryMiB, 0);
  writeWhole(
    'captures/xl-info.txt',
    renderXlInfo(sim.host, sim.host.totalMemoryMiB - guestMem - sim.host.dom0.memoryMiB),
  );
  writeWhole('captures/lvs.txt', renderLvs(sim.host));

  const xentopSink = new LineSink(join(out, 'captures/xentop.txt'));
  const iostatSink = new LineSink(join(out, 'captures/iostat.json'));
  const xentop = new XentopWriter({ hostMemKiB: sim.host.totalMemoryMiB * 1024 });
  const emit = (line: string) => xentopSink.line(line);
  iostatSink.line(iostatHeader(sim.host, sim.startMs, sim.host.dom0.vcpus));
  let firstStats = true;
  let steps = 0;
  const totalSteps = Math.ceil((sim.endMs - sim.startMs) / sim.intervalMs);
  while (!sim.done) {
    const snap = sim.step();
    steps++;
    xentop.snapshot(snap, emit);
    // iostat keeps running through xentop's gaps: it is a separate process.
    if (!firstStats) iostatSink.raw(',\n');
    iostatSink.raw(iostatStatistics(snap));
    firstStats = false;
    if (steps % 2000 === 0) {
      onProgress?.(steps / totalSteps);
      await new Promise((r) => setImmediate(r));
    }
  }
  iostatSink.raw('\n');
  iostatSink.line(IOSTAT_FOOTER);
  files.push({ path: 'captures/xentop.txt', ...xentopSink.close() });
  files.push({ path: 'captures/iostat.json', ...iostatSink.close() });

  const book = new LogBook();
  new LogRenderer(sim, book).render(sim.events);
  for (const f of book.files()) {
    const sink = new LineSink(join(out, f));
    for (const l of book.lines(f)) sink.line(l);
    files.push({ path: f, ...sink.close() });
  }

  const truth = buildTruth(sim, SYMPTOM_LAG);
  writeWhole('truth.json', renderTruth(truth));
  onProgress?.(1);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    scenario: sim.scenario.name,
    seed,
    out,
    host: sim.host.name,
    start: truth.start,
    end: truth.end,
    intervalSeconds: sim.params.intervalSeconds,
    domains: sim.host.domains.length,
    steps,
    incidents: truth.incidents.length,
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    lines: files.reduce((s, f) => s + f.lines, 0),
    truth,
  };
}
