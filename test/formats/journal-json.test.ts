import { describe, expect, it } from 'vitest';
import { journalJsonFormat } from '../../src/formats/journal-json.js';
import { checkGolden, fixtureLines } from '../helpers/golden.js';
import { checkLogJunkSurvival, checkLogNeverThrows } from '../helpers/junk.js';
import { ctxFor } from '../helpers/parse.js';

describe('journal-json golden fixtures', () => {
  it('entries: kernel record with uptime, byte-array, null and repeated MESSAGE, bad JSON', async () => {
    const { records, diags } = await checkGolden(journalJsonFormat, 'journal-json', 'entries');
    expect(records[0]).toMatchObject({
      source: 'kernel',
      uptime: 342.134094,
      ts: 1795694642734,
      severity: 'error',
    });
    expect(diags.map((d) => d.code)).toEqual(['bad_json', 'bad_json']);
  });
});

describe('journal-json sniff', () => {
  it('claims journal JSON and nothing else', () => {
    const lines = fixtureLines('journal-json', 'entries');
    expect(journalJsonFormat.sniff(lines.slice(0, 4))).toBeGreaterThan(0.9);
    expect(journalJsonFormat.sniff(['{"c_info": {"name": "domu1"}}'])).toBe(0);
  });
});

describe('journal-json properties', () => {
  const real = fixtureLines('journal-json', 'entries').slice(0, 5);
  it('junk lines cost no good record', async () => {
    await checkLogJunkSurvival(journalJsonFormat, real, ctxFor('journal.json'));
  });
  it('never throws', async () => {
    await checkLogNeverThrows(journalJsonFormat, real, ctxFor('journal.json'));
  });
});
