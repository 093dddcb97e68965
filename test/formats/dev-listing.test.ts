/**
 * `ls -l` of `/dev/mapper` and `/dev/<vg>`: the real lab listing, a golden fixture with udev's
 * relative `../dm-N` links and other date styles, sniffing over every corpus file, properties.
 */
import { describe, expect, it } from 'vitest';
import { devListingFormat, joinDevPath } from '../../src/formats/dev-listing.js';
import type { DevNodeRecord } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';
import { checkGolden, goldenCases } from '../helpers/golden.js';
import { checkNeverThrows, checkSplicedJunk, sameRecordsBesideLines, splice } from '../helpers/junk.js';
import { ctxFor, parseLab } from '../helpers/parse.js';
import { labLines } from '../helpers/shared.js';

describe('dev-listing on the real lab capture', () => {
  it('gives 253:0 = vg0-domu1--disk and the vg0 symlinks', async () => {
    const { records, diags } = await parseLab(devListingFormat, 'dev-vg0.txt');
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.path, r.kind, r.major ?? r.target, r.minor ?? null])).toEqual([
      ['/dev/mapper/control', 'char', 10, 236],
      ['/dev/mapper/vg0-domu1--disk', 'block', 253, 0],
      ['/dev/mapper/vg0-domu2--disk', 'block', 253, 1],
      ['/dev/vg0/domu1-disk', 'symlink', '/dev/mapper/vg0-domu1--disk', null],
      ['/dev/vg0/domu2-disk', 'symlink', '/dev/mapper/vg0-domu2--disk', null],
    ]);
  });
});

describe('dev-listing golden fixtures', () => {
  for (const name of goldenCases('dev-listing'))
    it(name, async () => void (await checkGolden(devListingFormat, 'dev-listing', name)));

  it('makes relative links absolute and reads long-iso and year dates', async () => {
    const { records, diags } = await checkGolden(devListingFormat, 'dev-listing', 'udev-and-long-iso');
    const byPath = new Map(records.map((r: DevNodeRecord) => [r.path, r]));
    expect(byPath.get('/dev/mapper/vg0-web01--root')?.target).toBe('/dev/dm-0');
    expect(byPath.get('/dev/vg0/db01-data')?.target).toBe('/dev/dm-1');
    expect(byPath.get('/dev/dm-1')).toMatchObject({ kind: 'block', major: 253, minor: 1 });
    expect(byPath.has('/dev/vg0/sub')).toBe(false);
    expect(diags.map((d) => [d.line, d.code])).toEqual([
      [15, 'bad_number'],
      [16, 'unknown_line'],
    ]);
  });

  it('joins paths as text', () => {
    expect(joinDevPath('/dev/vg0', '../dm-0')).toBe('/dev/dm-0');
    expect(joinDevPath('/dev/vg0', '/dev/mapper/x')).toBe('/dev/mapper/x');
    expect(joinDevPath('/dev', '../../../etc')).toBe('/etc');
  });
});

describe('dev-listing sniff over the real corpora', () => {
  itClaimsCorpusFiles(corpusHeads(), [devListingFormat], (f) =>
    f.name === 'dev-vg0.txt' ? 'dev-listing' : null,
  );
});

describe('dev-listing properties', () => {
  const real = labLines('dev-vg0.txt');
  it('never throws on arbitrary input', async () => {
    await checkNeverThrows(devListingFormat, real, ctxFor('x.txt'), {
      also: (lines) => void devListingFormat.sniff(lines),
    });
  });

  it('keeps every node when junk lines are spliced in', async () => {
    await checkSplicedJunk(devListingFormat, real, ctxFor('dev-vg0.txt'), sameRecordsBesideLines, {
      // Junk is spliced inside the first folder's block, after its heading.
      place: (lines, at) => [lines[0]!, ...splice(lines.slice(1, 5), at), ...lines.slice(5)],
    });
  });
});
