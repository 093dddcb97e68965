/**
 * `xenscope events --all | head -1`: the reader closes the pipe after the first line. Every command
 * must end quietly then (exit 0, nothing on stderr), not with an unhandled `write EPIPE` stack.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath, REPO_ROOT } from '../helpers/shared.js';

/** Runs xenscope with stdout into a reader that takes one line and closes its end, as `head -1` does. */
function firstLineThenClose(
  args: readonly string[],
): Promise<{ code: number | null; firstLine: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'xenscope.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    let firstLine: string | null = null;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (firstLine !== null) return;
      seen += d;
      const nl = seen.indexOf('\n');
      if (nl < 0) return;
      firstLine = seen.slice(0, nl);
      child.stdout.destroy(); // closes our end: the CLI's next write gets EPIPE
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, firstLine: firstLine ?? '', stderr }));
  });
}

describe('a closed stdout pipe', () => {
  const db = tempDb();
  const imported = xenscope(['import', labPath('var-log-xen'), '--db', db]);

  it('has a timeline far longer than a pipe buffer to write', () => {
    expect(imported.code, imported.stderr).toBe(0);
    // The whole timeline is written at once; it must not fit the 64 KiB a pipe buffers, or the
    // reader could close after the CLI finished writing and the test would prove nothing.
    const all = xenscope(['events', '--all', '--db', db]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.length).toBeGreaterThan(256 * 1024);
  });

  it('ends `events --all | head -1` with exit 0 and no stack trace', async () => {
    const r = await firstLineThenClose(['events', '--all', '--db', db]);
    expect(r.firstLine).toMatch(/^2026-11-26T12:\d\d:\d\d(\.\d+)?Z +localhost /);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('ends `events --all --json | head -1` the same way', async () => {
    const r = await firstLineThenClose(['events', '--all', '--json', '--db', db]);
    expect(JSON.parse(r.firstLine)).toMatchObject({ host: 'localhost' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
