/**
 * `--host-info FILE`: which capture a file is (`xl info`, `lvs`/`pvs`, an `ls -l` of `/dev`,
 * `xl list -l`, `xl vcpu-list`), chosen by the parsers' own sniffing, and its records as
 * `HostCaptures`. Pure: the caller reads the file.
 */
import { devListingFormat } from '../formats/dev-listing.js';
import { lvsFormat } from '../formats/lvs.js';
import { xlInfoFormat } from '../formats/xl-info.js';
import { xlListJsonFormat } from '../formats/xl-list-json.js';
import { xlVcpuListFormat } from '../formats/xl-vcpu-list.js';
import type { ParsedRecord, Parser } from '../model/index.js';
import type { HostCaptures } from './audit-host.js';

const CAPTURE_PARSERS: readonly Parser[] = [
  xlInfoFormat,
  lvsFormat,
  devListingFormat,
  xlListJsonFormat,
  xlVcpuListFormat,
] as readonly Parser[];

export interface CaptureRead {
  /** The format id, or null when no capture parser recognised the text. */
  readonly format: string | null;
  readonly captures: HostCaptures;
  readonly records: number;
}

async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

/** Recognises and parses one capture file's text. Never throws. */
export async function readCaptures(text: string, file: string): Promise<CaptureRead> {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const head = lines.slice(0, 60);
  let best: Parser | null = null;
  let bestScore = 0.5;
  for (const p of CAPTURE_PARSERS) {
    let s = 0;
    try {
      s = p.sniff(head);
    } catch {
      s = 0;
    }
    if (s > bestScore) {
      best = p;
      bestScore = s;
    }
  }
  const out = {
    hostInfo: [] as HostCaptures['hostInfo'][number][],
    lvs: [] as HostCaptures['lvs'][number][],
    pvs: [] as HostCaptures['pvs'][number][],
    devNodes: [] as HostCaptures['devNodes'][number][],
    running: [] as HostCaptures['running'][number][],
    vcpus: [] as HostCaptures['vcpus'][number][],
  };
  if (best === null) return { format: null, captures: out, records: 0 };
  let records = 0;
  try {
    const ctx = { file, host: '', tz: 'UTC', harnessComments: true };
    for await (const r of best.parse(linesOf(lines), ctx)) {
      if (!r.ok) continue;
      records++;
      add(out, r.record, file);
    }
  } catch {
    // Parsers do not throw; if one did, what it yielded so far is kept.
  }
  return { format: best.id, captures: out, records };
}

function add(
  out: { -readonly [K in keyof HostCaptures]: HostCaptures[K][number][] },
  rec: ParsedRecord,
  file: string,
): void {
  switch (rec.type) {
    case 'host-info':
      out.hostInfo.push({ value: rec.facts, file, line: rec.line });
      break;
    case 'lvm-lv':
      out.lvs.push({ value: rec, file, line: rec.line });
      break;
    case 'lvm-pv':
      out.pvs.push({ value: rec, file, line: rec.line });
      break;
    case 'dev-node':
      out.devNodes.push({ value: rec, file, line: rec.line });
      break;
    case 'domain-json':
      out.running.push({
        value: { domid: rec.domid, name: rec.name, config: rec.config },
        file,
        line: rec.line,
      });
      break;
    case 'vcpu':
      out.vcpus.push({ value: rec, file, line: rec.line });
      break;
    default:
      break;
  }
}

/** Joins the captures of several files. */
export function mergeCaptures(list: readonly HostCaptures[]): HostCaptures {
  return {
    hostInfo: list.flatMap((c) => c.hostInfo),
    lvs: list.flatMap((c) => c.lvs),
    pvs: list.flatMap((c) => c.pvs),
    devNodes: list.flatMap((c) => c.devNodes),
    running: list.flatMap((c) => c.running),
    vcpus: list.flatMap((c) => c.vcpus),
  };
}
