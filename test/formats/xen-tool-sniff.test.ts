/**
 * Format detection over every real file: each of the six Xen tool parsers claims (score above 0.5,
 * highest of the six) exactly the files of its format, and none claims another format's file.
 */
import { describe, expect, it } from 'vitest';
import { xentopFormat } from '../../src/formats/xentop.js';
import { xlInfoFormat } from '../../src/formats/xl-info.js';
import { xlListFormat } from '../../src/formats/xl-list.js';
import { xlListJsonFormat } from '../../src/formats/xl-list-json.js';
import { xlUptimeFormat } from '../../src/formats/xl-uptime.js';
import { xlVcpuListFormat } from '../../src/formats/xl-vcpu-list.js';
import type { Parser } from '../../src/model/index.js';
import { corpusHeads, itClaimsCorpusFiles } from '../helpers/corpus-sniff.js';

const PARSERS: readonly Parser[] = [
  xentopFormat,
  xlListFormat,
  xlListJsonFormat,
  xlInfoFormat,
  xlUptimeFormat,
  xlVcpuListFormat,
];

/** The format of each file that one of these parsers should claim; every other file: none. */
function expectedFormat(name: string): string | null {
  if (/^xentop-/.test(name)) return 'xentop';
  if (/^xl-list-l/.test(name)) return 'xl-list-json';
  if (/^xl-list(?:-|\.txt)/.test(name)) return 'xl-list';
  if (/^xl-info/.test(name)) return 'xl-info';
  if (name === 'xl-uptime.txt') return 'xl-uptime';
  if (/^xl-vcpu-list/.test(name)) return 'xl-vcpu-list';
  // Real-world pastes (index.tsv kinds); 008 is an interactive xentop screen, read by nobody.
  const paste: Record<string, string> = {
    '001': 'xl-info',
    '002': 'xl-list',
    '003': 'xl-list',
    '005': 'xl-uptime',
    '009': 'xl-info',
    '023': 'xl-list',
    '035': 'xl-list',
  };
  return paste[name.slice(0, 3)] ?? null;
}

describe('sniff over the real corpora', () => {
  const files = corpusHeads();

  it('covers both corpora', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(files.filter((f) => expectedFormat(f.name) !== null)).toHaveLength(29);
  });

  itClaimsCorpusFiles(
    files,
    PARSERS,
    (f) => expectedFormat(f.name),
    (claimed) => expect(claimed.filter((s) => s.score === claimed[0]!.score)).toHaveLength(1),
  );

  it('does not claim an interactive xentop screen pasted in a mail', () => {
    const paste = files.find((f) => f.name.startsWith('008-'))!;
    expect(xentopFormat.sniff(paste.head)).toBeLessThan(0.5);
  });
});
