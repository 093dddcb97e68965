/**
 * Builds the frozen accuracy suite (`accuracy-suite.json`): lab scenarios with seeds and
 * parameters, drawn once from a fixed seed. The suite is frozen before any method is tuned on
 * it; `test/lab/suite.test.ts` pins its hash, so changing it is a deliberate act.
 *
 *   npx tsx bench/suite/make-suite.ts [--force]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '../../src/lab/prng.js';
import { SCENARIO_NAMES } from '../../src/lab/scenarios.js';

export interface SuiteEntry {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly days: number;
  readonly domains: number;
  readonly intervalSeconds: number;
  readonly recordDelaySeconds: number;
  readonly incidents: number;
  readonly innocents: number;
  readonly gaps: number;
  readonly failureMode: 'panic' | 'watchdog' | 'mixed';
}

export const SUITE_SEED = 'xenscope-accuracy-suite-v1';
const PER_SCENARIO = 24;

export function buildSuite(): SuiteEntry[] {
  const rng = new Prng(SUITE_SEED);
  const out: SuiteEntry[] = [];
  for (let round = 0; round < PER_SCENARIO; round++) {
    for (const scenario of SCENARIO_NAMES) {
      const r = rng.fork(`${scenario}/${round}`);
      const days = r.pick([0.25, 0.5, 0.5, 1]);
      // Round-robin the delays so each scenario gets 0, 30 and 60 s evenly.
      const recordDelaySeconds = [0, 30, 60][round % 3]!;
      out.push({
        id: `${scenario}-${String(round + 1).padStart(2, '0')}`,
        scenario,
        seed: r.int(1, 999_999),
        days,
        domains: r.int(5, 30),
        intervalSeconds: round % 2 === 0 ? 5 : 10,
        recordDelaySeconds,
        incidents: r.int(1, 10),
        innocents: r.int(0, 2),
        gaps: r.int(0, 2),
        failureMode: recordDelaySeconds === 0 ? 'panic' : r.pick(['panic', 'watchdog', 'mixed'] as const),
      });
    }
  }
  return out;
}

export function renderSuite(entries: readonly SuiteEntry[]): string {
  return `[\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n`;
}

const here = dirname(fileURLToPath(import.meta.url));
export const SUITE_PATH = join(here, 'accuracy-suite.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (existsSync(SUITE_PATH) && !process.argv.includes('--force')) {
    console.error(
      `${SUITE_PATH} exists and is frozen; pass --force to rebuild it (and update the pinned hash).`,
    );
    process.exit(1);
  }
  const entries = buildSuite();
  writeFileSync(SUITE_PATH, renderSuite(entries));
  console.log(`wrote ${entries.length} entries to ${SUITE_PATH}`);
}
