/**
 * Every file of ../shared/corpus/xen-outputs (real pastes by other people) is either recognised,
 * with at least one record's values asserted, or reported as unrecognised with a reason; nothing
 * is misparsed and nothing crashes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allParsers, LINE_CLAIM_ORDER } from '../../src/formats/index.js';
import { detectFormat, isLineFormat } from '../../src/ingest/detect-format.js';
import { mixedFormat } from '../../src/ingest/mixed-format.js';
import type { DomainSeenRecord, HostInfoRecord, LogRecord, ParsedRecord } from '../../src/model/index.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { linesOf, sharedPath } from '../helpers/shared.js';

const DIR = sharedPath('corpus', 'xen-outputs');

type Check = (records: ParsedRecord[]) => void;

const logs = (rs: ParsedRecord[]) => rs.filter((r): r is LogRecord => r.type === 'log');
const domains = (rs: ParsedRecord[]) => rs.filter((r): r is DomainSeenRecord => r.type === 'domain');
const hostInfo = (rs: ParsedRecord[]) => rs.find((r): r is HostInfoRecord => r.type === 'host-info');
const hasLog = (rs: ParsedRecord[], text: string) => logs(rs).some((l) => l.message.includes(text));

/** file prefix → [expected format, a check of its records]. */
const TABLE: Record<string, [string, Check]> = {
  '001': [
    'xl-info',
    (r) => expect(hostInfo(r)?.facts).toMatchObject({ host: 'host.example.com', release: '3.2.0' }),
  ],
  '002': [
    'xl-list',
    (r) =>
      expect(domains(r)).toEqual([expect.objectContaining({ name: 'Domain-0', domid: 0, memMiB: 1023 })]),
  ],
  '003': ['xl-list', (r) => expect(domains(r)).toHaveLength(4)],
  '005': [
    'xl-uptime',
    (r) => expect(domains(r)[0]).toMatchObject({ name: 'Domain-0', uptimeSeconds: 8476064 }),
  ],
  '007': ['xl-dmesg', (r) => expect(logs(r).every((l) => l.source === 'hypervisor')).toBe(true)],
  // Interactive xentop screens soft-wrapped by a mail client: refused, no values invented.
  '008': ['mixed', (r) => expect(r.filter((x) => x.type === 'reading' || x.type === 'readings')).toEqual([])],
  '009': ['xl-info', (r) => expect(hostInfo(r)?.facts.release).toBe('6.12.6-amd64')],
  '010': [
    'mixed',
    (r) => expect(domains(r)).toContainEqual(expect.objectContaining({ domid: 4, name: 'soti.vm' })),
  ],
  '015': ['xl-dmesg', (r) => expect(hasLog(r, 'domain_crash called from p2m.c:1301')).toBe(true)],
  '016': ['syslog', (r) => expect(logs(r).find((l) => l.source === 'kernel')?.hostname).toBe('gaia')],
  '018': [
    'dmesg',
    (r) => expect(logs(r).find((l) => l.message.startsWith('xen-blkback'))?.uptime).toBe(144011.012144),
  ],
  '019': ['syslog', (r) => expect(hasLog(r, 'xen-blkback: backend/vbd/18/51712')).toBe(true)],
  '020': [
    'xl-dmesg',
    (r) =>
      expect(logs(r).find((l) => l.message.startsWith('domain_crash called from'))?.uptime).toBe(3423.961388),
  ],
  '022': ['xl-dmesg', (r) => expect(hasLog(r, 'domain_crash_sync called from entry.S')).toBe(true)],
  '023': [
    'xl-list',
    (r) =>
      expect(domains(r)[0]).toMatchObject({ domid: 202, name: 'YDI test install r620q4', state: '------' }),
  ],
  '024': ['xl-dmesg', (r) => expect(hasLog(r, 'L1TF-vulnerable')).toBe(true)],
  '026': ['dmesg', (r) => expect(hasLog(r, 'BUG: unable to handle page fault')).toBe(true)],
  '030': [
    'xl-dmesg',
    (r) => expect(hasLog(r, 'Xen BUG at drivers/passthrough/arm/iommu_helpers.c:49')).toBe(true),
  ],
  '031': ['xl-log', (r) => expect(logs(r).length).toBeGreaterThan(30)],
  '032': ['xl-log', (r) => expect(hasLog(r, 'Domain 1 has shut down, reason code 3 0x3')).toBe(true)],
  '033': ['xl-dmesg', (r) => expect(hasLog(r, 'Xen version 4.12.1-1.el7')).toBe(true)],
  '035': [
    'xl-list',
    (r) => expect(domains(r)).toContainEqual(expect.objectContaining({ name: '48_VM1', domid: 3 })),
  ],
};

const UNRECOGNISED: Record<string, RegExp> = {
  'README.md': /no known format/,
  'index.tsv': /no known format/,
};

const files = readdirSync(DIR).sort();

describe('xen-outputs corpus', () => {
  it('the table covers every file', () => {
    const covered = files.filter((f) => TABLE[f.slice(0, 3)] !== undefined || UNRECOGNISED[f] !== undefined);
    expect(covered).toEqual(files);
  });

  for (const file of files) {
    const lines = linesOf(readFileSync(`${DIR}/${file}`, 'utf8'));
    const detection = detectFormat(lines.slice(0, 200), allParsers);
    const expectedUnrecognised = UNRECOGNISED[file];
    if (expectedUnrecognised) {
      it(`${file} is reported as unrecognised with a reason`, () => {
        expect(detection.kind).toBe('unrecognised');
        if (detection.kind === 'unrecognised') expect(detection.reason).toMatch(expectedUnrecognised);
      });
      continue;
    }
    const [format, check] = TABLE[file.slice(0, 3)]!;
    it(`${file} is read as ${format}`, async () => {
      const id = detection.kind === 'format' ? detection.parser.id : detection.kind;
      expect(id).toBe(format);
      const parser =
        detection.kind === 'format'
          ? detection.parser
          : mixedFormat(
              allParsers
                .filter(isLineFormat)
                .sort((a, b) => LINE_CLAIM_ORDER.indexOf(a.id) - LINE_CLAIM_ORDER.indexOf(b.id)),
            );
      const { records, diags } = await runParser(parser, lines, ctxFor(file, { year: 2024 }));
      check(records);
      for (const d of diags) expect(d.line).toBeGreaterThanOrEqual(0);
    });
  }
});
