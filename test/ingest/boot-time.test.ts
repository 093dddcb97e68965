import { describe, expect, it } from 'vitest';
import { BootTimeEstimator } from '../../src/ingest/boot-time.js';

describe('BootTimeEstimator', () => {
  it('takes the median of wall − uptime', () => {
    const b = new BootTimeEstimator();
    b.add(1_000_000, 100);
    b.add(1_000_500, 100.4);
    b.add(1_090_000, 190); // a line written across a clock step
    expect(b.estimate()).toBe(900_000);
  });

  it('uses the latest boot when the log spans a reboot', () => {
    const b = new BootTimeEstimator();
    b.add(1_000_000, 10);
    b.add(5_000_000, 20);
    b.add(5_001_000, 21);
    expect(b.estimate()).toBe(4_980_000);
  });

  it('says nothing without evidence', () => {
    expect(new BootTimeEstimator().estimate()).toBeNull();
  });
});
