/**
 * Dependency direction (style.md, "How xenscope should look" §9): data flows one way, and only
 * the CLI reads argv, opens a concrete store or exits the process.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFilesRecursive, REPO_ROOT } from './helpers/shared.js';

const SRC = join(REPO_ROOT, 'src');

/** module → the modules it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  formats: ['model'],
  logs: ['model', 'formats'],
  topology: ['model', 'formats'],
  ingest: ['model', 'formats', 'logs', 'topology', 'store-type'],
  store: ['model'],
  analyze: ['model', 'topology', 'store-type'],
  audit: ['model', 'formats', 'topology'],
  collect: ['model', 'formats', 'logs', 'ingest', 'store-type'],
  alert: ['model', 'store', 'analyze'],
  report: ['model', 'analyze'],
  web: [
    'model',
    'formats',
    'logs',
    'topology',
    'ingest',
    'store',
    'analyze',
    'audit',
    'collect',
    'alert',
    'report',
    'lab',
  ],
  lab: ['model'],
  cli: ['*'],
};

const sourceFiles = listFilesRecursive(SRC).filter((f) => f.endsWith('.ts'));

function moduleOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : '(root)';
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)(?:\s+type)?[^'"]*?from\s+['"]([^'"]+)['"]/g))
    out.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

describe('architecture', () => {
  it('has source files to check', () => {
    expect(sourceFiles.length).toBeGreaterThan(10);
  });

  for (const file of sourceFiles) {
    const mod = moduleOf(file);
    if (mod === '(root)' || mod === 'cli') continue;
    it(`${relative(REPO_ROOT, file)} imports only what ${mod}/ may`, () => {
      const allowed = ALLOWED[mod];
      expect(allowed, `unknown module ${mod}`).toBeDefined();
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          // Packages: only store/<dialect>/ imports a database driver; only web/ the HTTP framework.
          if (spec.startsWith('@duckdb/') || spec.startsWith('@clickhouse/'))
            expect(relative(SRC, file), `${spec} outside store/<dialect>/`).toMatch(
              /^store\/(duckdb|clickhouse)\//,
            );
          if (['fastify', 'hono', '@hono/node-server'].includes(spec)) expect(mod).toBe('web');
          if (spec === 'commander') expect(mod).toBe('cli');
          continue;
        }
        const target = relative(SRC, join(file, '..', spec));
        const targetMod = target.split('/')[0]!;
        if (targetMod === mod) continue;
        const isStoreType = target === 'store/store.js' || target === 'store/index.js';
        const ok = allowed!.includes(targetMod) || (isStoreType && allowed!.includes('store-type'));
        expect(ok, `${relative(SRC, file)} imports ${target}`).toBe(true);
      }
    });
  }

  it('only cli/ reads argv or exits the process', () => {
    for (const file of sourceFiles) {
      if (moduleOf(file) === 'cli') continue;
      // Text inside template literals is data (the lab writes small scripts into its fake dom0).
      const text = readFileSync(file, 'utf8').replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``');
      expect(text.includes('process.argv'), `${file} reads process.argv`).toBe(false);
      expect(/process\.exit\(/.test(text), `${file} calls process.exit`).toBe(false);
    }
  });
});
