/**
 * Format detection over every real file: the lab corpus and the real-world pastes, each cut to
 * the head that detection sees, and the test that a set of parsers claims exactly its own files.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, it } from 'vitest';
import type { Parser } from '../../src/model/index.js';
import { labPath, linesOf, listFilesRecursive, sharedPath } from './shared.js';

export interface CorpusFile {
  readonly path: string;
  readonly name: string;
  readonly head: string[];
}

/** Every file of the lab corpus and the real-world pastes, with its head as detection sees it. */
export function corpusHeads(headLines = 50): CorpusFile[] {
  const files = [
    ...listFilesRecursive(labPath()),
    ...listFilesRecursive(sharedPath('corpus', 'xen-outputs')),
  ];
  return files.map((path) => ({
    path,
    name: basename(path),
    head: linesOf(readFileSync(path, 'utf8')).slice(0, headLines),
  }));
}

export interface Claim {
  readonly id: string;
  readonly score: number;
}

/**
 * Inside a `describe`: one test per corpus file. Every score is in [0, 1]; the parsers that score
 * above 0.5 are those that claim the file. A file `expected` gives no format is claimed by none;
 * otherwise the highest claim is the expected format, and `runnerUp` judges the other claims
 * (sorted, highest first) — with one parser there are none.
 */
export function itClaimsCorpusFiles(
  files: readonly CorpusFile[],
  parsers: readonly Parser[],
  expected: (file: CorpusFile) => string | null,
  runnerUp: (claimed: readonly Claim[]) => void = () => {},
): void {
  for (const file of files) {
    const want = expected(file);
    it(`${file.name} → ${want ?? 'none of these'}`, () => {
      const scores = parsers.map((p) => ({ id: p.id, score: p.sniff(file.head) }));
      for (const { score } of scores) expect(score >= 0 && score <= 1, file.path).toBe(true);
      const claimed = scores.filter((s) => s.score > 0.5).sort((a, b) => b.score - a.score);
      if (want === null) expect(claimed, file.path).toEqual([]);
      else {
        expect(claimed[0]?.id, file.path).toBe(want);
        runnerUp(claimed);
      }
    });
  }
}
