/**
 * The lab end to end through the CLI: `lab generate` writes real-format evidence that `import`
 * reads with zero skipped lines, and the crashes it imports are the incidents of truth.json.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/formats/xlcfg.js';
import { tempDb, xenscope } from '../helpers/cli.js';

interface TruthFile {
  host: string;
  incidents: {
    victim: string;
    ts: string;
    kind: string;
    causes: { domain: string; resource: string; device: string }[];
    recordDelaySeconds: number;
  }[];
}

interface TopologyJson {
  disks: { domain: string; vdev: string; targetAsWritten: string; backing: string }[];
  vifs: { domain: string; devid: number; mac: string | null; bridge: string | null }[];
  shares: { kind: string; resource: string; domains: { domain: string }[] }[];
}

describe.each([
  ['story', 3],
  ['mem-pod', 5],
  ['no-cause', 7],
])('lab generate %s → import', (scenario, seed) => {
  const out = mkdtempSync(join(tmpdir(), `xenscope-lab-${scenario}-`));
  const gen = xenscope([
    'lab',
    'generate',
    '--scenario',
    scenario,
    '--seed',
    String(seed),
    '--out',
    out,
    '--days',
    '0.25',
    '--domains',
    '6',
    '--interval',
    '10',
  ]);
  const db = tempDb();
  const imp = xenscope(['import', out, '--db', db, '--json']);

  it('generates and imports every file with zero skipped lines', () => {
    expect(gen.code, gen.stderr).toBe(0);
    expect(imp.code, imp.stderr).toBe(0);
    const report = JSON.parse(imp.stdout);
    const skipped = report.files.filter((f: { skipped: number }) => f.skipped > 0);
    expect(skipped).toEqual([]);
    const unrecognised = report.files.filter(
      (f: { status: string; path: string }) => f.status !== 'imported' && !f.path.endsWith('truth.json'),
    );
    expect(unrecognised).toEqual([]);
    expect(report.samples).toBeGreaterThan(1000);
  });

  it('imports a crash record for every incident of truth.json, at the recorded time', () => {
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as TruthFile;
    expect(truth.incidents.length).toBeGreaterThan(0);
    const ev = xenscope(['events', '--db', db, '--json', '--kind', 'crash', 'panic', 'watchdog']);
    expect(ev.code, ev.stderr).toBe(0);
    const crashes = ev.stdout
      .split('\n')
      .filter((l) => l)
      .map((l) => JSON.parse(l) as { ts: string; domain: string; kind: string; host: string });
    for (const inc of truth.incidents) {
      const t = Date.parse(inc.ts);
      const near = crashes.filter((c) => c.domain === inc.victim && Math.abs(Date.parse(c.ts) - t) <= 5_000);
      expect(near.length, `${inc.victim} at ${inc.ts}`).toBeGreaterThan(0);
      expect(near.every((c) => c.host === truth.host)).toBe(true);
    }
    // Nothing crashes that truth does not know about. (Xen's `domain_crash called from` names no
    // domain; the `Domain N (vcpu#M) crashed` line after it does.)
    for (const c of crashes.filter((x) => x.domain !== null)) {
      const t = Date.parse(c.ts);
      const known = truth.incidents.some(
        (i) => i.victim === c.domain && Math.abs(Date.parse(i.ts) - t) <= 120_000,
      );
      expect(known, `${c.domain} ${c.kind} at ${c.ts}`).toBe(true);
    }
  });

  it('imports the topology of the generated configs', () => {
    const topo = xenscope(['topology', '--db', db, '--json']);
    expect(topo.code, topo.stderr).toBe(0);
    const t = JSON.parse(topo.stdout) as TopologyJson;
    const dir = join(out, 'etc', 'xen');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.cfg'))) {
      const cfg = parseConfigText(readFileSync(join(dir, file), 'utf8'), join(dir, file));
      const name = cfg.name!.value;
      for (const d of cfg.disks) {
        const got = t.disks.find((x) => x.domain === name && x.vdev === d.value.vdev);
        expect(got, `${name} ${d.value.vdev}`).toMatchObject({ targetAsWritten: d.value.target });
        expect(got!.backing).toMatch(/^(lv|file|block):/);
      }
      for (const v of cfg.vifs) {
        const got = t.vifs.find((x) => x.domain === name && x.devid === v.value.devid);
        expect(got, `${name} vif ${v.value.devid}`).toMatchObject({ mac: v.value.macNormalized });
      }
    }
    // Every disk or network cause in truth shares a PV or a bridge with its victim.
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as TruthFile;
    for (const inc of truth.incidents)
      for (const c of inc.causes.filter((x) => x.resource === 'vbd' || x.resource === 'vif')) {
        const kind = c.resource === 'vbd' ? 'pv' : 'bridge';
        const shared = t.shares.some(
          (sh) =>
            sh.kind === kind &&
            sh.domains.some((d) => d.domain === inc.victim) &&
            sh.domains.some((d) => d.domain === c.domain),
        );
        expect(shared, `${c.domain} and ${inc.victim} share a ${kind}`).toBe(true);
      }
  });
});
