/**
 * Paths into ../shared (the real corpora). A test whose data is missing fails, never skips.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const SHARED = process.env.XENSCOPE_SHARED ?? resolve(REPO_ROOT, '..', 'shared');

/** Absolute path of a file under ../shared; throws (fails the test) when it is missing. */
export function sharedPath(...parts: string[]): string {
  const p = join(SHARED, ...parts);
  if (!existsSync(p)) throw new Error(`test data missing: ${p} (CI must have ../shared)`);
  return p;
}

export function labPath(...parts: string[]): string {
  return sharedPath('corpus', 'xen-4.17-lab', ...parts);
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}

/** Lines of a file without the trailing empty string after the last newline. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function* asyncLines(lines: readonly string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

export function listFilesRecursive(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFilesRecursive(p));
    else out.push(p);
  }
  return out;
}

/** Lines of a capture of the Xen 4.17 lab. */
export function labLines(name: string): string[] {
  return linesOf(readFileSync(labPath(name), 'utf8'));
}

/** Lines of a real-world paste, found by its number prefix (`023`). */
export function pasteLines(prefix: string): string[] {
  const dir = sharedPath('corpus', 'xen-outputs');
  const name = readdirSync(dir).find((f) => f.startsWith(`${prefix}-`));
  if (!name) throw new Error(`test data missing: xen-outputs/${prefix}-*`);
  return linesOf(readFileSync(join(dir, name), 'utf8'));
}
