/**
 * `xenscope audit` as a user runs it (the built CLI, like every e2e test): exit codes, formats,
 * host folders, fleet mode, --host-info, the audit config, --list-rules and --explain.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xenscope } from '../helpers/cli.js';
import { labPath, REPO_ROOT, sharedPath } from '../helpers/shared.js';

function audit(args: readonly string[], cwd = REPO_ROOT) {
  return xenscope(['audit', ...args], { cwd });
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'xenscope-audit-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const CLEAN = 'name = "a"\non_crash = "preserve"\nvif = [ "mac=00:16:3e:00:00:01" ]\n';

describe('xenscope audit', () => {
  it('exits 0 on a clean config, 1 on findings at the fail level, 2 on usage errors, 3 on nothing readable', () => {
    const dir = tree({ 'a.cfg': CLEAN, 'b.cfg': 'name = "b"\n' });
    expect(audit([join(dir, 'a.cfg')]).code).toBe(0);
    const bad = audit([join(dir, 'b.cfg')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('XA501 crash-evidence-lost');
    expect(audit([join(dir, 'b.cfg'), '--fail-level', 'error']).code).toBe(0);
    expect(audit([join(dir, 'b.cfg'), '--format', 'yaml']).code).toBe(2);
    const missing = audit([join(dir, 'nope.cfg')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.cfg');
    expect(audit([tree({ 'notes.txt': 'hello\n' })]).code).toBe(3);
  });

  it('audits a corpus group folder as one host, in JSON', () => {
    const r = audit([sharedPath('corpus', 'xen-configs', 'babrakov-xen-host'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary.hosts).toBe(1);
    expect(out.summary.files).toBe(16);
    const ids = new Set(out.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of ['XA101', 'XA202', 'XA204', 'XA502']) expect(ids).toContain(id);
  });

  it('reads host captures from --host-info and from the host folder', () => {
    const cfgs = {
      'domu1.cfg': 'name = "domu1"\nmemory = 2048\ndisk = [ "phy:/dev/vg0/domu1-disk,xvda,w" ]\n',
      'domu2.cfg': 'name = "domu2"\nmemory = 2048\ndisk = [ "phy:/dev/vg0/domu2-disk,xvda,w" ]\n',
    };
    const dir = tree(cfgs);
    const r = audit([
      dir,
      '--host-info',
      labPath('xl-info.txt'),
      '--host-info',
      labPath('lvs.txt'),
      '--json',
    ]);
    const ids = JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('XA104');
    expect(ids).toContain('XA401');
    const inFolder = tree({ ...cfgs, 'captures/lvs.txt': readFileSync(labPath('lvs.txt'), 'utf8') });
    expect(
      JSON.parse(audit([inFolder, '--json']).stdout).findings.map((f: { ruleId: string }) => f.ruleId),
    ).toContain('XA104');
  });

  it('runs cross-host rules over host folders with --fleet', () => {
    const disk = 'disk = [ "iscsi:iqn.2001-05.com.example:lun1,xvda,w" ]\n';
    const fleet = tree({
      'hostA/a.cfg': `name = "a"\n${disk}`,
      'hostB/b.cfg': `name = "b"\n${disk}`,
      'loose.cfg': `name = "c"\n${disk}`,
    });
    const run = audit(['--fleet', fleet, '--json']);
    const r = JSON.parse(run.stdout);
    expect(r.summary.hosts).toBe(2);
    // The loose config beside the host folders is not read, and that is said.
    expect(run.stderr).toContain('1 file beside the host folders belongs to no host and was not read');
    expect(r.findings.filter((f: { ruleId: string }) => f.ruleId === 'XA110').length).toBe(2);
  });

  it('writes SARIF and Checkstyle', () => {
    const dir = tree({ 'b.cfg': 'name = "b"\n' });
    const sarif = JSON.parse(audit([dir, '--format', 'sarif']).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].ruleId).toBe('XA501');
    expect(audit([dir, '--format', 'checkstyle']).stdout).toContain('<checkstyle version="4.3">');
  });

  it('applies .xenscope-audit.yaml from the working directory, and refuses unknown keys', () => {
    const dir = tree({ 'b.cfg': 'name = "b"\n', '.xenscope-audit.yaml': 'disable:\n  - XA501\n' });
    expect(audit(['b.cfg'], dir).code).toBe(0);
    writeFileSync(join(dir, '.xenscope-audit.yaml'), 'disable: [XA501]\nignore: [XA101]\n');
    const r = audit(['b.cfg'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.xenscope-audit.yaml: unknown key ignore');
  });

  it('lists rules and explains one', () => {
    const list = audit(['--list-rules']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').length).toBe(26);
    const explain = audit(['--explain', 'XA101']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('## Why it matters');
    expect(audit(['--explain', 'XA000']).code).toBe(2);
  });
});
