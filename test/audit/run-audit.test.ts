/**
 * The engine on the real corpus (`../shared/corpus/xen-configs`), suppression pragmas, the baseline,
 * the audit config, and the output formats (SARIF checked by the official validator).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_RULES,
  buildHost,
  type Finding,
  parseAuditConfig,
  readBaseline,
  renderCheckstyle,
  renderJson,
  renderSarif,
  renderText,
  runAudit,
} from '../../src/audit/index.js';
import { UsageError } from '../../src/model/index.js';
import { linesOf, REPO_ROOT, readShared, sharedPath } from '../helpers/shared.js';

const CORPUS = sharedPath('corpus', 'xen-configs');

function hostOfDir(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cfg'))
    .sort();
  return buildHost(
    dir.replace(/^.*\//, ''),
    files.map((f) => ({ file: join(dir, f), rel: f, text: readFileSync(join(dir, f), 'utf8') })),
  );
}

const index = linesOf(readShared('corpus', 'xen-configs', 'index.tsv'))
  .slice(1)
  .map((l) => l.split('\t'))
  .map(([file, , , , style]) => ({ file: file!, style: style! }));

const byRule = (findings: readonly Finding[], id: string) => findings.filter((f) => f.ruleId === id);

describe('audit on the real corpus', () => {
  it('audits every flat file on its own without a rule failing; templates give XA904', () => {
    const flat = index.filter((e) => !e.file.includes('/'));
    expect(flat.length).toBe(21);
    for (const e of flat) {
      const path = join(CORPUS, e.file);
      const r = runAudit([
        buildHost(e.file, [{ file: path, rel: e.file, text: readFileSync(path, 'utf8') }]),
      ]);
      expect(r.failures, e.file).toEqual([]);
      expect(byRule(r.findings, 'XA904').length > 0, e.file).toBe(e.style === 'template');
    }
  });

  it('audits every grouped folder as one host without a rule failing', () => {
    const groups = readdirSync(CORPUS).filter((d) => statSync(join(CORPUS, d)).isDirectory());
    expect(groups.sort()).toEqual([
      'babrakov-xen-host',
      'cramsay-zynqmp-host',
      'drakvuf-ci-host',
      'mrgao1008-host',
      'notquitesane-ml350p-host',
    ]);
    for (const g of groups) expect(runAudit([hostOfDir(join(CORPUS, g))]).failures, g).toEqual([]);
  });

  it('finds what babrakov-xen-host/ index notes describe', () => {
    const r = runAudit([hostOfDir(join(CORPUS, 'babrakov-xen-host'))]);
    const distinct = (id: string, key: string) =>
      new Map(byRule(r.findings, id).map((f) => [String(f.data[key]), f.data.count]));
    // Shared disks: pegas-disk (pegas + ubuntu), pegas-swap (two configs named pegas), ubuntu (four configs).
    const shared = byRule(r.findings, 'XA101');
    const targets = new Map<string, Set<string>>();
    for (const f of shared) {
      const set = targets.get(String(f.data.target)) ?? new Set();
      set.add(f.file.replace(/^.*\//, ''));
      targets.set(String(f.data.target), set);
    }
    expect([...targets.keys()].sort()).toEqual(['LV vg/pegas-disk', 'LV vg/pegas-swap', 'LV vg/ubuntu']);
    expect(targets.get('LV vg/ubuntu')!.size).toBe(4);
    expect(targets.get('LV vg/pegas-swap')!.size).toBe(2);
    expect(shared.find((f) => f.data.target === 'LV vg/pegas-swap')!.message).toContain(
      '2 configs are named pegas',
    );
    expect(shared.find((f) => f.data.target === 'LV vg/pegas-disk')!.domains).toEqual(['pegas', 'ubuntu']);
    // MACs: …:D3 in three configs, …:D4 in two; IP 193.33.132.140 in five.
    expect(distinct('XA202', 'mac')).toEqual(
      new Map([
        ['00:16:3e:76:47:d4', 2],
        ['00:16:3e:76:47:d3', 3],
      ]),
    );
    expect(distinct('XA204', 'ip')).toEqual(new Map([['193.33.132.140', 5]]));
    expect(byRule(r.findings, 'XA204').length).toBe(5);
    // Identity: two infoza configs share one UUID (and one name).
    const uuids = byRule(r.findings, 'XA502').filter((f) => f.messageId === 'uuid');
    expect(uuids.map((f) => f.data.value)).toEqual([
      '2c474d2e-28ba-4730-a5ba-88de9d25652a',
      '2c474d2e-28ba-4730-a5ba-88de9d25652a',
    ]);
    expect(
      new Set(
        byRule(r.findings, 'XA502')
          .filter((f) => f.messageId === 'name')
          .map((f) => f.data.value),
      ),
    ).toEqual(new Set(['infoza', 'pegas', 'test', 'ubuntu']));
  });

  it('finds no shared disk, MAC or identity where the other groups have none', () => {
    for (const g of ['cramsay-zynqmp-host', 'drakvuf-ci-host', 'notquitesane-ml350p-host']) {
      const r = runAudit([hostOfDir(join(CORPUS, g))]);
      for (const id of ['XA101', 'XA202', 'XA502']) expect(byRule(r.findings, id), `${g} ${id}`).toEqual([]);
    }
  });

  it('reads the typo `vcpu` in cramsay-zynqmp-host/ as XA902 with a did-you-mean', () => {
    const r = runAudit([hostOfDir(join(CORPUS, 'cramsay-zynqmp-host'))]);
    const vcpu = byRule(r.findings, 'XA902').filter((f) => f.data.key === 'vcpu');
    expect(vcpu.length).toBe(4);
    expect(vcpu.every((f) => f.data.suggestion === 'vcpus')).toBe(true);
  });
});

const A = 'name = "a"\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\non_crash = "preserve"\n';
const B = 'name = "b"\ndisk = [ "phy:/dev/vg0/x,xvda,w" ]\non_crash = "preserve"\n';
const hostAB = (a = A, b = B) =>
  buildHost('h', [
    { file: 'h/a.cfg', rel: 'a.cfg', text: a },
    { file: 'h/b.cfg', rel: 'b.cfg', text: b },
  ]);

describe('suppression, baseline and settings', () => {
  it('suppresses the finding on the next line of that file only, and keeps it as suppressed', () => {
    const a = A.replace('disk =', '# xenscope: ignore=XA101 reason="a is a cluster member"\ndisk =');
    const r = runAudit([hostAB(a)]);
    const shared = byRule(r.findings, 'XA101');
    expect(shared.map((f) => [f.file, f.suppressed, f.suppressedReason ?? null])).toEqual([
      ['h/a.cfg', true, 'a is a cluster member'],
      ['h/b.cfg', false, null],
    ]);
    expect(byRule(r.findings, 'XA905')).toEqual([]);
  });

  it('accepts slugs, and ignores a pragma without a reason (reporting it)', () => {
    const bySlug = A.replace('disk =', "# xenscope: ignore=disk-shared-writable,XA106 reason='lab'\ndisk =");
    expect(byRule(runAudit([hostAB(bySlug)]).findings, 'XA101')[0]!.suppressed).toBe(true);
    const noReason = A.replace('disk =', '# xenscope: ignore=XA101\ndisk =');
    const r = runAudit([hostAB(noReason)]);
    expect(byRule(r.findings, 'XA101').every((f) => !f.suppressed)).toBe(true);
    expect(byRule(r.findings, 'XA905').map((f) => f.line)).toEqual([2]);
  });

  it('keeps fingerprints when lines move, and marks baseline findings', () => {
    const first = runAudit([hostAB()]);
    const baseline = readBaseline(renderJson(first), 'base.json');
    expect(baseline.size).toBe(new Set(first.findings.map((f) => f.fingerprint)).size);
    const moved = runAudit([hostAB(`# moved down\n\n${A}`)], { baseline });
    expect(moved.findings.every((f) => f.baseline)).toBe(true);
    const added = runAudit([hostAB(A, B.replace('preserve', 'restart'))], { baseline });
    expect(added.findings.filter((f) => !f.baseline).map((f) => f.ruleId)).toEqual(['XA501']);
    // A SARIF log works as a baseline too.
    expect(readBaseline(renderSarif(first, { baseDir: '/', version: '0' }), 'base.sarif')).toEqual(baseline);
  });

  it('reads the audit config (YAML subset and JSON) and applies it', () => {
    const yaml = [
      '# team defaults',
      'disable: [XA106]',
      'severity:',
      '  XA101: warning',
      '  vif-no-mac: off',
      'thresholds:',
      '  cpuOvercommitRatio: 2',
      'groups:',
      '  db:',
      '    - alpha',
      "    - '/^beta$/'",
      '',
    ].join('\n');
    const s = parseAuditConfig(yaml, '.xenscope-audit.yaml');
    expect(s.disabled).toEqual(['XA106']);
    expect(s.severity).toEqual({ XA101: 'warning', 'vif-no-mac': 'off' });
    expect(s.options.thresholds).toEqual({ cpuOvercommitRatio: 2, memOvercommitRatio: 1 });
    expect(s.options.groups).toEqual({ db: ['alpha', '/^beta$/'] });
    const r = runAudit([hostAB()], { settings: s });
    expect(r.rules.map((x) => x.id)).not.toContain('XA106');
    expect(r.rules.map((x) => x.id)).not.toContain('XA203');
    expect(byRule(r.findings, 'XA101').every((f) => f.severity === 'warning')).toBe(true);
    expect(parseAuditConfig('{"disable": ["XA501"]}', 'a.json').disabled).toEqual(['XA501']);
  });

  it('rejects unknown keys and unknown rules with a usage error naming the file and key', () => {
    expect(() => parseAuditConfig('disable: []\nthreshold:\n  x: 1\n', '/etc/a.yaml')).toThrow(UsageError);
    expect(() => parseAuditConfig('disable: []\nthreshold:\n  x: 1\n', '/etc/a.yaml')).toThrow(
      '/etc/a.yaml: unknown key threshold',
    );
    expect(() => parseAuditConfig('thresholds:\n  cpuRatio: 1\n', 'c.yaml')).toThrow(
      'c.yaml: unknown key thresholds.cpuRatio',
    );
    expect(() => parseAuditConfig('disable: [XA999]\n', 'c.yaml')).toThrow('c.yaml: no rule XA999');
    expect(() => parseAuditConfig('severity:\n  XA101: loud\n', 'c.yaml')).toThrow(UsageError);
    expect(() => parseAuditConfig('disable: *anchor\n', 'c.yaml')).toThrow('c.yaml:1:');
  });

  it('runs every rule once per audit, and a failing rule costs only its own findings', () => {
    const boom = {
      ...ALL_RULES[0]!,
      id: 'XA199',
      name: 'boom',
      check: () => {
        throw new Error('boom');
      },
    };
    const r = runAudit([hostAB()], { rules: [...ALL_RULES, boom] });
    expect(r.failures).toEqual([{ ruleId: 'XA199', message: 'boom' }]);
    expect(byRule(r.findings, 'XA101').length).toBe(2);
  });
});

describe('outputs', () => {
  const suppressed = A.replace('disk =', '# xenscope: ignore=XA101 reason="lab"\ndisk =');
  const result = runAudit([hostOfDir(join(CORPUS, 'babrakov-xen-host')), hostAB(suppressed)]);

  it('writes SARIF 2.1.0 that the official validator accepts without errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenscope-sarif-'));
    const input = join(dir, 'audit.sarif');
    const output = join(dir, 'validation.sarif');
    const log = JSON.parse(renderSarif(result, { baseDir: REPO_ROOT, version: '0.1.0', withBaseline: true }));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
      ALL_RULES.map((r) => r.id),
    );
    expect(log.runs[0].results.length).toBe(result.findings.length);
    expect(
      log.runs[0].results.every(
        (r: { partialFingerprints: object }) => 'xenscope/v1' in r.partialFingerprints,
      ),
    ).toBe(true);
    expect(log.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions).length).toBe(1);
    writeFileSync(input, JSON.stringify(log));
    const bin = join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool');
    let out = '';
    try {
      out = execFileSync(bin, ['validate', input, '-o', output, '--log', 'ForceOverwrite'], {
        encoding: 'utf8',
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
      throw new Error(`sarif-multitool failed:\n${out}`);
    }
    expect(out).toContain('Analysis completed successfully');
    expect(out.split('\n').filter((l) => /: error [A-Z]+\d+/.test(l))).toEqual([]);
    const validation = JSON.parse(readFileSync(output, 'utf8').replace(/^\uFEFF/, ''));
    expect(validation.runs[0].results.filter((r: { level?: string }) => r.level === 'error')).toEqual([]);
  }, 120_000);

  it('writes Checkstyle XML, JSON and text without suppressed findings in the first and last', () => {
    const xml = renderCheckstyle(result);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<checkstyle version="4.3">/);
    const active = result.findings.filter((f) => !f.suppressed);
    expect(xml.match(/<error /g)!.length).toBe(active.length);
    expect(xml).toContain('source="xenscope.XA101.disk-shared-writable"');
    const json = JSON.parse(renderJson(result));
    expect(json.findings.length).toBe(result.findings.length);
    expect(json.summary.suppressed).toBe(1);
    const text = renderText(result);
    expect(text).toContain('XA101 disk-shared-writable');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(
      /^\d+ findings \(.*\) in 18 configs of 2 hosts; 1 suppressed$/,
    );
  });
});
