/** Generates small lab trees into temporary directories for the lab tests. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { LabOptions, LabSummary } from '../../src/lab/index.js';
import { generateLab } from '../../src/lab/index.js';
import { listFilesRecursive } from '../helpers/shared.js';

/** One hour, six guests, 5 s: small enough for every test, big enough for incidents. */
export const SMALL = { days: 1 / 24, domains: 6, intervalSeconds: 5 } as const;

export async function generateSmall(
  scenario: string,
  seed: number,
  extra: Partial<Omit<LabOptions, 'scenario' | 'seed' | 'out'>> = {},
): Promise<{ dir: string; summary: LabSummary; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), `xenscope-lab-${scenario}-`));
  const summary = await generateLab({ scenario, seed, out: dir, ...SMALL, ...extra });
  return { dir, summary, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** path → sha256 of every file under `dir`. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of listFilesRecursive(dir)) {
    out.set(relative(dir, f), createHash('sha256').update(readFileSync(f)).digest('hex'));
  }
  return out;
}

export function readLines(dir: string, rel: string): string[] {
  const text = readFileSync(join(dir, rel), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
