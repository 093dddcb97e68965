/** `xenscope demo`, the README's main command, as a new user runs it. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xenscope } from '../helpers/cli.js';

describe('xenscope demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'xenscope-demo-'));
  const r = xenscope(['demo', '--out', out]);

  it('generates, imports and investigates the story, then names the report', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0 lines skipped/);
    expect(r.stdout).toMatch(/web03 crashed \d+ times/);
    expect(r.stdout).toContain(`HTML report with charts: ${join(out, 'report.html')}`);
  });

  it('writes a self-contained HTML report', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]+src=/i); // nothing fetched: readable offline
    expect(html).toContain('web03');
    expect(existsSync(join(out, 'host', 'truth.json'))).toBe(true);
  });
});
