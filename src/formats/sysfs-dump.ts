/**
 * `path: value` dumps of dom0's sysfs counters (reference §4.1, §4.2), as capture loops write
 * them: `echo "$f: $(cat $f)"` (or `grep -r . dir`, `path:value`), with `== <dir>` headers and the
 * harness's `# dom0 uptime: N` line. Read are
 * - blkback's `/sys/bus/xen-backend/devices/vbd-<domid>-<devid>/statistics/*` → `vbd` counters;
 * - `/sys/class/net/<if>/statistics/*` → `vif` counters for netback interfaces (their
 *   `device/nodename`, `backend/vif/<domid>/<devid>`, names a vif renamed by `vifname=`), `host_net`
 *   for the others.
 * One dump is one snapshot; an uptime or `date` line, or a path seen twice, starts the next.
 * `physical_device`, `mode` and bridge membership are topology, not readings: `parseSysfsAttributes`.
 */
import { parseVbdDevName, parseVifDevName, vdevName } from '../model/devices.js';
import {
  diag,
  type LineFormat,
  type LineParserState,
  type ParseContext,
  parseLines,
} from '../model/parser.js';
import type { ParseResult, ReadingRecord, Stamp } from '../model/records.js';
import type { Metric } from '../model/vocabulary.js';
import { netMetric, netReading, netTarget, parseVifNodename } from './net-interface.js';
import { RepeatDetector, SnapshotSequence } from './snapshot-sequence.js';

/** `…/xen-backend/devices/vbd-7-51712/statistics/rd_req: 12` (also `tap-`, `vbd3-` backends). */
const BACKEND_RE =
  /^(?:\S*\/)?xen-backend\/devices\/([a-z0-9]+-\d+-\d+)\/((?:statistics\/)?[A-Za-z_]+):\s*(.*?)\s*$/;
/** `…/class/net/vif7.0/statistics/rx_bytes: 328`; interface names hold no `/`, `:` or space. */
const NET_RE =
  /^(?:\S*\/)?class\/net\/([^/\s:]+)\/((?:statistics\/|device\/|brport\/)?[A-Za-z_]+):\s*(.*?)\s*$/;
/** `== /sys/class/net/vif1.0`: the directory the next lines come from. */
const HEADER_RE = /^==\s+(\S+)\s*$/;
/** Any other `path: value` line of a dump (console backends, `operstate`, …): valid, not ours. */
const OTHER_PATH_RE = /^\/\S*:(?:\s|$)/;

const VBD_METRICS: Readonly<Record<string, Metric>> = {
  oo_req: 'vbd_oo_reqs_per_s',
  rd_req: 'vbd_rd_reqs_per_s',
  wr_req: 'vbd_wr_reqs_per_s',
  f_req: 'vbd_flush_reqs_per_s',
  rd_sect: 'vbd_rd_sect_per_s',
  wr_sect: 'vbd_wr_sect_per_s',
  // ds_req (discards) has no metric in the vocabulary.
};

/** One interface's counters of the open snapshot, held until its `device/nodename` may have been seen. */
interface NetBuffer {
  backend: { domid: number; devid: number } | null;
  readonly counters: { name: string; value: number }[];
}

function open(ctx: ParseContext): LineParserState<ReadingRecord> {
  const seq = new SnapshotSequence(ctx);
  const repeats = new RepeatDetector(seq);
  let stamp: Stamp = { ts: null, tsSource: null };
  const nets = new Map<string, NetBuffer>();

  function flush(out: ParseResult<ReadingRecord>[]): void {
    for (const [ifname, buf] of nets) {
      const target = netTarget(ifname, buf.backend);
      if (target === null) continue;
      for (const { name, value } of buf.counters) {
        const metric = netMetric(target.resource, name);
        if (metric !== undefined) out.push({ ok: true, record: netReading(stamp, target, metric, value) });
      }
    }
    nets.clear();
  }

  /** Opens (or continues) the snapshot that `key` belongs to. */
  function enter(key: string, out: ParseResult<ReadingRecord>[]): void {
    if (repeats.repeats(key)) {
      flush(out);
      seq.boundary();
    }
    stamp = seq.stamp();
    repeats.add(key);
  }

  return {
    line(text: string, lineNo: number, out: ParseResult<ReadingRecord>[]): void {
      if (seq.closes(text)) flush(out);
      if (seq.marker(text) !== null) return;
      const header = HEADER_RE.exec(text);
      if (header) {
        enter(`== ${header[1]}`, out);
        return;
      }
      const be = BACKEND_RE.exec(text);
      if (be) {
        const dir = be[1]!;
        const attr = be[2]!;
        const value = be[3]!;
        enter(`${dir}/${attr}`, out);
        const vbd = parseVbdDevName(dir);
        const stat = attr.startsWith('statistics/') ? attr.slice('statistics/'.length) : null;
        if (vbd === null || stat === null || !Object.hasOwn(VBD_METRICS, stat)) return;
        if (!/^\d+$/.test(value)) {
          out.push(
            diag(
              ctx.file,
              lineNo,
              'bad_number',
              `expected a decimal counter for ${dir}/${attr}, found "${value}"`,
            ),
          );
          return;
        }
        out.push({
          ok: true,
          record: {
            type: 'reading',
            ...stamp,
            domain: null,
            domid: vbd.domid,
            resource: 'vbd',
            device: vdevName(vbd.devid),
            metric: VBD_METRICS[stat]!,
            value: Number(value),
            counter: true,
            instance: String(vbd.domid),
            devName: dir,
          },
        });
        return;
      }
      const net = NET_RE.exec(text);
      if (net) {
        const ifname = net[1]!;
        const attr = net[2]!;
        const value = net[3]!;
        enter(`${ifname}/${attr}`, out);
        let buf = nets.get(ifname);
        if (buf === undefined) {
          buf = { backend: null, counters: [] };
          nets.set(ifname, buf);
        }
        if (attr === 'device/nodename') {
          buf.backend = parseVifNodename(value);
          return;
        }
        if (!attr.startsWith('statistics/')) return;
        const name = attr.slice('statistics/'.length);
        if (netMetric('host_net', name) === undefined) return;
        if (!/^\d+$/.test(value)) {
          out.push(
            diag(
              ctx.file,
              lineNo,
              'bad_number',
              `expected a decimal counter for ${ifname}/${attr}, found "${value}"`,
            ),
          );
          return;
        }
        buf.counters.push({ name, value: Number(value) });
        return;
      }
      if (OTHER_PATH_RE.test(text)) return;
      out.push(
        diag(
          ctx.file,
          lineNo,
          'unknown_line',
          'expected a sysfs dump line ("/sys/...: value" or "== /sys/...")',
        ),
      );
    },
    end(out: ParseResult<ReadingRecord>[]): void {
      flush(out);
    },
  };
}

/** Lines that only a dump of backend or netdev sysfs has. */
function isOurPath(line: string): boolean {
  if (BACKEND_RE.test(line) || NET_RE.test(line)) return true;
  const header = HEADER_RE.exec(line);
  return header !== null && /(?:^|\/)(?:xen-backend\/devices|class\/net)\/[^/]+$/.test(header[1]!);
}

function matchLine(line: string): boolean {
  return isOurPath(line);
}

function sniff(head: readonly string[]): number {
  let ours = 0;
  let other = 0;
  for (const line of head) {
    if (isOurPath(line)) ours++;
    else if (
      line.trim() !== '' &&
      !line.startsWith('#') &&
      !OTHER_PATH_RE.test(line) &&
      !HEADER_RE.test(line)
    )
      other++;
  }
  if (ours === 0) return 0;
  return other === 0 ? 0.95 : ours >= other * 4 ? 0.75 : 0;
}

export const sysfsDumpFormat: LineFormat<ReadingRecord> = {
  id: 'sysfs-dump',
  summary:
    'path: value dumps of xen-backend vbd and /sys/class/net statistics: vbd, vif and host NIC counters',
  sniff,
  matchLine,
  open,
  parse: parseLines(open),
};

/** A blkback device's backing store and access mode, as sysfs shows it. */
export interface SysfsVbd {
  readonly domid: number;
  readonly devid: number;
  /** `physical_device` (hex `fd:0`) in decimal; null when the dump lacks it or it is unreadable. */
  readonly physicalDevice: { readonly major: number; readonly minor: number } | null;
  readonly mode: string | null;
}

/** A netback interface: its (possibly renamed) name, owner and bridge. */
export interface SysfsVif {
  readonly ifname: string;
  readonly domid: number;
  readonly devid: number;
  readonly master?: string;
}

export interface SysfsAttributes {
  readonly vbds: readonly SysfsVbd[];
  readonly vifs: readonly SysfsVif[];
}

/**
 * The topology facts of a dump: which device backs each vbd, and which interface (and bridge) is
 * each vif. Later snapshots update earlier ones; order is first appearance. QEMU `-emu` taps are
 * not listed: they are not netback devices.
 */
export function parseSysfsAttributes(lines: readonly string[]): SysfsAttributes {
  const vbds = new Map<
    string,
    { domid: number; devid: number; physicalDevice: SysfsVbd['physicalDevice']; mode: string | null }
  >();
  const nets = new Map<string, { backend: { domid: number; devid: number } | null; master?: string }>();
  for (const text of lines) {
    const be = BACKEND_RE.exec(text);
    if (be) {
      const dir = be[1]!;
      const attr = be[2]!;
      const value = be[3]!;
      const id = parseVbdDevName(dir);
      if (id === null || (attr !== 'physical_device' && attr !== 'mode')) continue;
      const key = `${id.domid}-${id.devid}`;
      let vbd = vbds.get(key);
      if (vbd === undefined) {
        vbd = { ...id, physicalDevice: null, mode: null };
        vbds.set(key, vbd);
      }
      if (attr === 'mode') vbd.mode = value === '' ? null : value;
      else vbd.physicalDevice = parseMajorMinor(value);
      continue;
    }
    const net = NET_RE.exec(text);
    if (net) {
      const ifname = net[1]!;
      const attr = net[2]!;
      const value = net[3]!;
      let entry = nets.get(ifname);
      if (entry === undefined) {
        entry = { backend: null };
        nets.set(ifname, entry);
      }
      if (attr === 'device/nodename') entry.backend = parseVifNodename(value) ?? entry.backend;
      else if ((attr === 'master' || attr === 'brport/bridge') && value !== '') {
        // A symlink printed by readlink: `../../xenbr0` or `/sys/devices/virtual/net/xenbr0`.
        entry.master = value.replace(/\/+$/, '').split('/').pop()!;
      }
    }
  }
  const vifs: SysfsVif[] = [];
  for (const [ifname, entry] of nets) {
    const id = entry.backend ?? parseVifDevName(ifname);
    if (id === null) continue;
    vifs.push({
      ifname,
      domid: id.domid,
      devid: id.devid,
      ...(entry.master === undefined ? {} : { master: entry.master }),
    });
  }
  return { vbds: [...vbds.values()], vifs };
}

/** `fd:0` → 253:0 (blkback writes `%x:%x`). */
function parseMajorMinor(value: string): { major: number; minor: number } | null {
  const m = /^([0-9a-fA-F]+):([0-9a-fA-F]+)$/.exec(value);
  return m ? { major: Number.parseInt(m[1]!, 16), minor: Number.parseInt(m[2]!, 16) } : null;
}
