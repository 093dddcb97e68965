/**
 * `investigate` on a crash nothing could be scored for, run as a user would on the real Xen 4.17
 * capture: with only logs it says no metrics were recorded; with the README's xentop capture (48 s
 * of samples before domu1's 12:28:08 crash) it says the capture is too short, and by how much.
 */
import { describe, expect, it } from 'vitest';
import { tempDb, xenscope } from '../helpers/cli.js';
import { labPath } from '../helpers/shared.js';

interface VictimJson {
  domain: string;
  incidents: { ts: string }[];
  suspects: unknown[];
  explanation: string;
}

function investigateJson(db: string): VictimJson[] {
  const r = xenscope(['investigate', '--db', db, '--json', '--domain', 'domu1']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { victims: VictimJson[] }).victims;
}

describe('investigate says why a crash could not be analysed', () => {
  const logsOnly = tempDb();
  const withXentop = tempDb();
  const imports = [
    xenscope(['import', labPath('var-log-xen'), '--db', logsOnly]),
    xenscope(['import', labPath('var-log-xen'), '--db', withXentop]),
    xenscope([
      'import',
      labPath('xentop-b-n-x-during-domu1.txt'),
      '--start',
      '2026-11-26T12:27:20Z',
      '--interval',
      '1',
      '--db',
      withXentop,
    ]),
  ];

  it('imports the lab logs, and the xentop capture with the README’s --start and --interval', () => {
    for (const r of imports) expect(r.code, r.stderr).toBe(0);
    expect(imports[2]!.stdout).toMatch(/stored [1-9]\d* samples/);
  });

  it('with logs only: no metrics were recorded around the crash', () => {
    const [v] = investigateJson(logsOnly);
    expect(v!.incidents.map((i) => i.ts)).toEqual(['2026-11-26T12:28:08Z']);
    expect(v!.explanation).toBe(
      'domu1 crashed once in 4 minutes. No cause could be established: no metrics were recorded around the crash.',
    );
    const text = xenscope(['investigate', '--db', logsOnly, '--domain', 'domu1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('\n    no metrics were recorded around this incident\n');
  });

  it('with 48 s of xentop before the crash: too few metrics, how many minutes it needs, what the capture covers', () => {
    const [v] = investigateJson(withXentop);
    expect(v!.incidents.map((i) => i.ts)).toEqual(['2026-11-26T12:28:08Z']);
    expect(v!.explanation).toBe(
      'domu1 crashed once in 4 minutes. No cause could be established: too few metrics were recorded before the crash to analyse (it needs 26 minutes of samples before a crash; the capture covers 48 s before it).',
    );
    expect(v!.explanation).not.toContain('no metrics were recorded');
    const text = xenscope(['investigate', '--db', withXentop, '--domain', 'domu1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      '\n    too few metrics were recorded before this incident to analyse (it needs 26 minutes of samples before a crash; the capture covers 48 s before it)\n',
    );
  });

  it('keeps the JSON shape of design.md', () => {
    const r = xenscope(['investigate', '--db', withXentop, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { victims: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['victims']);
    for (const v of out.victims) {
      expect(Object.keys(v)).toEqual(['host', 'domain', 'incidents', 'suspects', 'explanation']);
      for (const i of v.incidents as Record<string, unknown>[])
        expect(Object.keys(i)).toEqual(['ts', 'kind', 'evidence', 'suspects']);
    }
  });
});
