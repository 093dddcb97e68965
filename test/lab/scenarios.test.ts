import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabSummary, Truth } from '../../src/lab/index.js';
import { resolveParams, SCENARIO_NAMES, SCENARIOS } from '../../src/lab/index.js';
import { METRICS_BY_RESOURCE, RESOURCES } from '../../src/model/index.js';
import { generateSmall, readLines } from './lab-fixture.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

async function run(scenario: string, seed = 11): Promise<{ dir: string; summary: LabSummary; truth: Truth }> {
  const g = await generateSmall(scenario, seed);
  cleanups.push(g.cleanup);
  const truth = JSON.parse(readFileSync(join(g.dir, 'truth.json'), 'utf8')) as Truth;
  return { dir: g.dir, summary: g.summary, truth };
}

/** Which PV (host disk) each of a domain's vdevs sits on, read back from the generated xl.cfg + lvs. */
function pvOf(dir: string, domain: string): Map<string, string> {
  const cfg = readFileSync(join(dir, 'etc/xen', `${domain}.cfg`), 'utf8');
  const lvs = readLines(dir, 'captures/lvs.txt').slice(1);
  const lvPv = new Map<string, string>();
  for (const l of lvs) {
    const t = l.trim().split(/\s+/);
    lvPv.set(`/dev/${t[1]}/${t[0]}`, /\/dev\/(\w+)\(/.exec(t[t.length - 1]!)![1]!);
  }
  const out = new Map<string, string>();
  for (const m of cfg.matchAll(/'(?:phy|file):([^,]+),(xvd[a-z]+),[rw]'/g)) {
    out.set(m[2]!, lvPv.get(m[1]!) ?? 'sda');
  }
  return out;
}

describe('scenarios', () => {
  it('lists the nine scenarios with one-line summaries and valid defaults', () => {
    expect(SCENARIO_NAMES).toEqual([
      'story',
      'noisy-disk',
      'net-flood',
      'cpu-overcommit',
      'mem-pod',
      'dom0-heavy',
      'no-cause',
      'common-cause',
      'two-antagonists',
    ]);
    for (const s of SCENARIOS) {
      expect(s.summary.length).toBeGreaterThan(20);
      expect(s.summary).not.toMatch(/\n/);
      expect(() => resolveParams(s)).not.toThrow();
    }
    expect(() => resolveParams(SCENARIOS[0]!, { domains: 2 })).toThrow(/domains/);
    expect(() => resolveParams(SCENARIOS[0]!, { intervalSeconds: 2.5 })).toThrow(/interval/);
  });

  it('truth.json has the documented shape and vocabulary', async () => {
    const { truth, summary } = await run('two-antagonists');
    expect(Object.keys(truth).slice(0, 5)).toEqual(['scenario', 'seed', 'host', 'incidents', 'episodes']);
    expect(truth.scenario).toBe('two-antagonists');
    expect(truth.seed).toBe(11);
    expect(truth.host).toBe(summary.host);
    expect(truth.incidents.length).toBeGreaterThan(0);
    for (const i of truth.incidents) {
      expect(Object.keys(i)).toEqual(['victim', 'ts', 'kind', 'causes', 'lagSeconds', 'recordDelaySeconds']);
      expect(i.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(['crash', 'watchdog']).toContain(i.kind);
      for (const c of i.causes) {
        expect(RESOURCES).toContain(c.resource);
        expect(METRICS_BY_RESOURCE[c.resource] as readonly string[]).toContain(c.metric);
      }
    }
    for (const e of truth.episodes) {
      expect(Object.keys(e).slice(0, 6)).toEqual([
        'domain',
        'resource',
        'device',
        'start',
        'end',
        'innocent',
      ]);
      expect(Date.parse(e.end)).toBeGreaterThan(Date.parse(e.start));
    }
  });

  it('story: a disk antagonist sharing a PV with the victim', async () => {
    const { dir, truth } = await run('story');
    expect(truth.incidents.length).toBeGreaterThanOrEqual(3);
    for (const i of truth.incidents) {
      expect(i.causes).toHaveLength(1);
      const c = i.causes[0]!;
      expect(c.resource).toBe('vbd');
      expect(c.metric).toBe('vbd_wr_sect_per_s');
      expect(c.domain).not.toBe(i.victim);
      const victimPvs = new Set(pvOf(dir, i.victim).values());
      expect(victimPvs.has(pvOf(dir, c.domain).get(c.device)!)).toBe(true);
      expect(i.lagSeconds).toBeGreaterThan(0);
    }
  });

  it('mem-pod: the victim itself, resource mem, an HVM guest with memory < maxmem', async () => {
    const { dir, truth } = await run('mem-pod');
    expect(truth.incidents.length).toBeGreaterThan(0);
    for (const i of truth.incidents) {
      expect(i.causes).toEqual([{ domain: i.victim, resource: 'mem', device: '', metric: 'mem_kib' }]);
      const cfg = readFileSync(join(dir, 'etc/xen', `${i.victim}.cfg`), 'utf8');
      expect(cfg).toMatch(/type = "hvm"/);
      expect(Number(/^memory = (\d+)/m.exec(cfg)![1])).toBeLessThan(Number(/^maxmem = (\d+)/m.exec(cfg)![1]));
    }
    const hv = readFileSync(join(dir, 'var/log/xen/console/hypervisor.log'), 'utf8');
    expect(hv).toMatch(/p2m_pod_demand_populate: Dom\d+ out of PoD memory!/);
    expect(hv).toMatch(/domain_crash called from/);
  });

  it('no-cause: every incident has empty causes', async () => {
    const { truth } = await run('no-cause');
    expect(truth.incidents.length).toBeGreaterThan(0);
    for (const i of truth.incidents) expect(i.causes).toEqual([]);
  });

  it('two-antagonists: two causes per incident, on two resources', async () => {
    const { truth } = await run('two-antagonists');
    expect(truth.incidents.length).toBeGreaterThan(0);
    for (const i of truth.incidents) {
      expect(i.causes).toHaveLength(2);
      expect(new Set(i.causes.map((c) => c.resource))).toEqual(new Set(['vbd', 'vif']));
    }
  });

  it('dom0-heavy: Domain-0 is the cause', async () => {
    const { truth } = await run('dom0-heavy');
    expect(truth.incidents.length).toBeGreaterThan(0);
    for (const i of truth.incidents) {
      expect(i.causes).toEqual([{ domain: 'Domain-0', resource: 'cpu', device: '', metric: 'cpu_ratio' }]);
    }
  });

  it.each(['noisy-disk', 'net-flood', 'cpu-overcommit', 'common-cause'])(
    '%s generates incidents whose causes fit the scenario',
    async (name) => {
      const { truth } = await run(name);
      expect(truth.incidents.length).toBeGreaterThan(0);
      const expected = { 'noisy-disk': 'vbd', 'net-flood': 'vif', 'cpu-overcommit': 'cpu' } as Record<
        string,
        string
      >;
      for (const i of truth.incidents) {
        if (name === 'common-cause') expect(i.causes).toEqual([]);
        else expect(i.causes.map((c) => c.resource)).toEqual([expected[name]]);
      }
    },
  );

  it('innocent neighbours share neither a PV nor a bridge with the victim, and cause nothing', async () => {
    const { dir, truth } = await run('noisy-disk', 5);
    const victim = truth.incidents[0]!.victim;
    const innocents = truth.episodes.filter((e) => e.kind === 'innocent');
    expect(innocents.length).toBeGreaterThan(0);
    const cfg = (d: string) => readFileSync(join(dir, 'etc/xen', `${d}.cfg`), 'utf8');
    const bridges = (d: string) => new Set([...cfg(d).matchAll(/bridge=(\w+)/g)].map((m) => m[1]));
    const victimPvs = new Set(pvOf(dir, victim).values());
    for (const e of innocents) {
      expect(e.innocent).toBe(true);
      for (const pv of pvOf(dir, e.domain).values()) expect(victimPvs.has(pv)).toBe(false);
      for (const b of bridges(e.domain)) expect(bridges(victim).has(b)).toBe(false);
      for (const i of truth.incidents) expect(i.causes.map((c) => c.domain)).not.toContain(e.domain);
    }
  });

  it('keeps the truth out of the evidence: no role words beyond truth.json', async () => {
    const { dir, summary } = await run('story');
    for (const f of summary.files) {
      if (f.path === 'truth.json') continue;
      const text = readFileSync(join(dir, f.path), 'utf8');
      expect(text, f.path).not.toMatch(/antagonist|innocent|victim|culprit/i);
    }
  });

  it('crash records lag the true failure by the stated delay', async () => {
    const g = await generateSmall('noisy-disk', 3, { recordDelaySeconds: 60, failureMode: 'panic' });
    cleanups.push(g.cleanup);
    const truth = g.summary.truth;
    expect(truth.incidents.length).toBeGreaterThan(0);
    for (const i of truth.incidents) expect(i.recordDelaySeconds).toBe(60);
    // The console panic carries the record time, not the failure time.
    const victim = truth.incidents[0]!.victim;
    const ts = truth.incidents[0]!.ts.slice(0, 19).replace('T', ' ');
    const consoleLines = readLines(g.dir, `var/log/xen/console/guest-${victim}.log`);
    expect(
      consoleLines.some(
        (l) => l.startsWith(`[${ts}]`) && l.includes('Kernel panic - not syncing: hung_task'),
      ),
    ).toBe(true);
  });
});
