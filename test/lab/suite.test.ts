import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SuiteEntry } from '../../bench/suite/make-suite.js';
import { buildSuite, renderSuite, SUITE_PATH } from '../../bench/suite/make-suite.js';
import { findScenario, resolveParams, SCENARIO_NAMES } from '../../src/lab/index.js';

/** The frozen suite's sha256. Changing the suite means changing this on purpose. */
const SUITE_SHA256 = '261bf572b5636718b3965e30a80099a3c4f92f34c622a6ee3ee0a8fc09c9056e';

describe('frozen accuracy suite', () => {
  const text = readFileSync(SUITE_PATH, 'utf8');
  const entries = JSON.parse(text) as SuiteEntry[];

  it('is the committed file, unchanged', () => {
    expect(entries.length).toBeGreaterThanOrEqual(200);
    expect(createHash('sha256').update(text).digest('hex')).toBe(SUITE_SHA256);
  });

  it('is what make-suite.ts builds from its fixed seed', () => {
    expect(renderSuite(buildSuite())).toBe(text);
  });

  it('has unique ids and valid, bounded parameters', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const e of entries) {
      const s = findScenario(e.scenario);
      expect(s, e.id).toBeDefined();
      const { id: _id, scenario: _s, seed: _seed, ...overrides } = e;
      expect(() => resolveParams(s!, overrides), e.id).not.toThrow();
      expect(e.days).toBeLessThanOrEqual(1);
      expect(e.domains).toBeLessThanOrEqual(30);
      expect(e.domains).toBeGreaterThanOrEqual(5);
      expect([5, 10]).toContain(e.intervalSeconds);
    }
  });

  it('covers every scenario, 0/30/60 s record delays, 1 to 10 incidents and 5 to 30 co-tenants', () => {
    expect(new Set(entries.map((e) => e.scenario))).toEqual(new Set(SCENARIO_NAMES));
    expect(new Set(entries.map((e) => e.recordDelaySeconds))).toEqual(new Set([0, 30, 60]));
    expect(new Set(entries.map((e) => e.intervalSeconds))).toEqual(new Set([5, 10]));
    const incidents = entries.map((e) => e.incidents);
    expect(Math.min(...incidents)).toBe(1);
    expect(Math.max(...incidents)).toBe(10);
    const domains = entries.map((e) => e.domains);
    expect(Math.min(...domains)).toBeLessThanOrEqual(6);
    expect(Math.max(...domains)).toBeGreaterThanOrEqual(29);
  });
});
