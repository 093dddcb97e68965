/**
 * `S_TIME_FORMAT=ISO LC_ALL=C iostat -x -t -y -o JSON N sdX...` (sysstat 12.6, reference §4.5):
 * one JSON document, tab-indented, one statistics object per interval, one disk object per line.
 * Written as a stream: the document is opened, each interval appended, then closed.
 */
import type { HostModel } from '../host-model.js';
import type { HostDiskRates, StepSnapshot } from '../simulate.js';
import { iostatStamp, isoDate } from './stamps.js';

const f2 = (x: number) => (Number.isFinite(x) ? x : 0).toFixed(2);

export function iostatHeader(host: HostModel, startMs: number, cpus: number): string {
  return [
    '{"sysstat": {',
    '\t"hosts": [',
    '\t\t{',
    `\t\t\t"nodename": "${host.name}",`,
    '\t\t\t"sysname": "Linux",',
    `\t\t\t"release": "${host.kernelRelease}",`,
    '\t\t\t"machine": "x86_64",',
    `\t\t\t"number-of-cpus": ${cpus},`,
    `\t\t\t"date": "${isoDate(startMs)}",`,
    '\t\t\t"statistics": [',
  ].join('\n');
}

function diskObject(d: HostDiskRates): string {
  const rkb = d.readSectPerS / 2;
  const wkb = d.writeSectPerS / 2;
  return (
    `{"disk_device": "${d.name}", "r/s": ${f2(d.readsPerS)}, "w/s": ${f2(d.writesPerS)}, "d/s": 0.00, "f/s": ${f2(d.flushPerS)}, ` +
    `"rkB/s": ${f2(rkb)}, "wkB/s": ${f2(wkb)}, "dkB/s": 0.00, "rrqm/s": 0.00, "wrqm/s": 0.00, "drqm/s": 0.00, ` +
    `"rrqm": 0.00, "wrqm": 0.00, "drqm": 0.00, "r_await": ${f2(d.readAwaitMs)}, "w_await": ${f2(d.writeAwaitMs)}, ` +
    `"d_await": 0.00, "f_await": ${f2(d.flushPerS > 0 ? d.writeAwaitMs * 0.6 : 0)}, ` +
    `"rareq-sz": ${f2(d.readsPerS > 0 ? rkb / d.readsPerS : 0)}, "wareq-sz": ${f2(d.writesPerS > 0 ? wkb / d.writesPerS : 0)}, ` +
    `"dareq-sz": 0.00, "aqu-sz": ${f2(d.queue)}, "util": ${f2(d.util * 100)}}`
  );
}

/** One interval's statistics object (no leading separator). */
export function iostatStatistics(s: StepSnapshot): string {
  const busy = Math.min(100, s.dom0Util * 100);
  const system = busy * 0.55;
  const user = busy - system;
  const iowait = Math.min(100 - busy, Math.max(...s.disks.map((d) => d.util)) * 8);
  const idle = Math.max(0, 100 - busy - iowait);
  const disks = s.disks.map((d, i) => `\t\t\t\t\t\t${diskObject(d)}${i < s.disks.length - 1 ? ',' : ''}`);
  return [
    '\t\t\t\t{',
    `\t\t\t\t\t"timestamp": "${iostatStamp(s.t)}",`,
    `\t\t\t\t\t"avg-cpu":  {"user": ${f2(user)}, "nice": 0.00, "system": ${f2(system)}, "iowait": ${f2(iowait)}, "steal": 0.00, "idle": ${f2(idle)}},`,
    '\t\t\t\t\t"disk": [',
    ...disks,
    '\t\t\t\t\t]',
    '\t\t\t\t}',
  ].join('\n');
}

export const IOSTAT_FOOTER = ['\t\t\t]', '\t\t}', '\t]', '}}'].join('\n');
