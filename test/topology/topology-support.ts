/**
 * Facts of real files, as `import` stores them (the same `factOf`, `sysfsFacts`, `xenstoreFact`),
 * for building topologies in tests without a store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devListingFormat } from '../../src/formats/dev-listing.js';
import { lvsFormat } from '../../src/formats/lvs.js';
import { xenstoredAccessFormat } from '../../src/formats/xenstored-access.js';
import { xlInfoFormat } from '../../src/formats/xl-info.js';
import { xlListJsonFormat } from '../../src/formats/xl-list-json.js';
import { xlVcpuListFormat } from '../../src/formats/xl-vcpu-list.js';
import { xlcfgFormat } from '../../src/formats/xlcfg.js';
import { parseXenstoredMessage } from '../../src/ingest/xenstored-index.js';
import type { Fact, LogRecord, Parser, Topology } from '../../src/model/index.js';
import {
  buildTopology,
  factOf,
  inputsFromFacts,
  isSysfsAttributeLine,
  sysfsFacts,
  xenstoreFact,
} from '../../src/topology/index.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { labPath, linesOf, sharedPath } from '../helpers/shared.js';

const BY_KIND: Record<string, Parser> = {
  cfg: xlcfgFormat,
  lvs: lvsFormat,
  dev: devListingFormat,
  info: xlInfoFormat,
  json: xlListJsonFormat,
  vcpu: xlVcpuListFormat,
  xenstored: xenstoredAccessFormat,
};

export type FileKind = keyof typeof BY_KIND | 'sysfs';

export async function factsOf(path: string, kind: FileKind): Promise<Fact[]> {
  const lines = linesOf(readFileSync(path, 'utf8'));
  if (kind === 'sysfs') {
    return sysfsFacts(
      lines.flatMap((text, i) => (isSysfsAttributeLine(text) ? [{ text, line: i + 1 }] : [])),
      path,
    );
  }
  const { records } = await runParser(BY_KIND[kind]!, lines, ctxFor(path, { harnessComments: true }));
  const out: Fact[] = [];
  for (const r of records) {
    if (kind === 'xenstored') {
      const log = r as LogRecord;
      const op = log.ts !== null ? parseXenstoredMessage(log.message, log.ts) : null;
      const f = op ? xenstoreFact(op.op, op.path, op.value, log.ts, path, log.line) : null;
      if (f) out.push(f);
      continue;
    }
    const f = factOf(r, path);
    if (f) out.push(f);
  }
  return out;
}

export async function topologyOf(host: string, files: readonly [string, FileKind][]): Promise<Topology> {
  const facts: Fact[] = [];
  for (const [path, kind] of files) facts.push(...(await factsOf(path, kind)));
  return buildTopology(host, inputsFromFacts(facts));
}

/** Every config of one host group of the xen-configs corpus. */
export function configGroup(group: string): [string, FileKind][] {
  const dir = sharedPath('corpus', 'xen-configs', group);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cfg'))
    .sort()
    .map((f) => [join(dir, f), 'cfg']);
}

/** The lab capture's topology files (running JSON, sysfs dumps, /dev listing, lvs, xl info, xenstore). */
export function labFiles(): [string, FileKind][] {
  return [
    [labPath('xl-list-l-domu1-running.txt'), 'json'],
    ...['t001', 't002', 't003', 't004', 't005'].map((t): [string, FileKind] => [
      labPath(`sysfs-stats-domu1-${t}.txt`),
      'sysfs',
    ]),
    [labPath('dev-vg0.txt'), 'dev'],
    [labPath('lvs.txt'), 'lvs'],
    [labPath('xl-info.txt'), 'info'],
    [labPath('xl-vcpu-list.txt'), 'vcpu'],
  ];
}

/** Members of the shares of one kind and resource: `name (file basename)`. */
export function sharers(t: Topology, kind: string, resource: string): string[] | undefined {
  const s = t.shares.find((x) => x.kind === kind && x.resource === resource);
  return s?.domains.map((d) => (d.config ? `${d.domain} (${d.config.split('/').pop()})` : d.domain));
}
