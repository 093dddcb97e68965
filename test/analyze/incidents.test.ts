import { describe, expect, it } from 'vitest';
import { findIncidents, timeTrust } from '../../src/analyze/index.js';
import { event } from './fake-store.js';

const T = Date.parse('2026-05-11T10:00:00Z');

describe('findIncidents', () => {
  it("collapses one crash's records (console panic, xl reason code 3, xentop state) into one incident timed by the line stamp", () => {
    const inc = findIncidents([
      event(T + 128, 'web03', 'crash', { tsSource: 'neighbour', source: 'xl' }),
      event(T, 'web03', 'panic', { tsSource: 'line', source: 'console' }),
      event(T + 1000, 'web03', 'crash', { tsSource: 'line', source: 'collector' }),
    ]);
    expect(inc).toHaveLength(1);
    expect(inc[0]).toMatchObject({ domain: 'web03', ts: T, kind: 'crash' });
    expect(inc[0]!.evidence).toHaveLength(3);
  });

  it('times an incident by a neighbour-placed record rather than a poll when no line stamp exists', () => {
    const inc = findIncidents([
      event(T - 4000, 'web03', 'crash', { tsSource: 'line', source: 'collector' }),
      event(T, 'web03', 'crash', { tsSource: 'neighbour', source: 'xl' }),
    ]);
    expect(inc.map((i) => i.ts)).toEqual([T]);
    expect(timeTrust({ tsSource: 'line', source: 'collector' })).toBeLessThan(
      timeTrust({ tsSource: 'neighbour', source: 'xl' }),
    );
  });

  it('keeps crashes more than 2 minutes apart, and a crash loop across restarts, as separate incidents', () => {
    const inc = findIncidents([
      event(T, 'web03', 'panic'),
      event(T + 3 * 60_000, 'web03', 'panic'),
      event(T + 3 * 60_000 + 20_000, 'web03', 'domain_start', { severity: 'info' }),
      event(T + 3 * 60_000 + 50_000, 'web03', 'panic'),
      event(T + 30_000, 'db01', 'watchdog', { source: 'hypervisor' }),
    ]);
    expect(inc.map((i) => [i.domain, i.ts - T, i.kind])).toEqual([
      ['web03', 0, 'panic'],
      ['db01', 30_000, 'watchdog'],
      ['web03', 180_000, 'panic'],
      ['web03', 230_000, 'panic'],
    ]);
  });

  it('counts a reboot only when the guest did not ask for it', () => {
    const asked = findIncidents([
      event(T, 'web03', 'reboot', {
        source: 'console',
        severity: 'info',
        message: 'reboot: Restarting system',
      }),
      event(T + 300, 'web03', 'reboot', { source: 'xl', severity: 'info' }),
    ]);
    expect(asked).toEqual([]);
    const unasked = findIncidents([event(T, 'web03', 'reboot', { source: 'xl', severity: 'warning' })]);
    expect(unasked.map((i) => i.kind)).toEqual(['reboot']);
  });

  it('ignores events without a domain and non-crash kinds', () => {
    expect(
      findIncidents([event(T, 'web03', 'hung_task'), { ...event(T, 'x', 'panic'), domain: null }]),
    ).toEqual([]);
  });
});
