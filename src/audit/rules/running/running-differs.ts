/**
 * XA701: a running domain (`xl list -l` JSON) whose configuration differs from its file. xl reuses
 * the stored config on restarts (reference §3.2), so an edited file takes effect only after a full
 * destroy and create: the file on disk may not be what runs.
 */

import { vdevToDevid } from '../../../model/index.js';
import { canonicalTarget } from '../../../topology/index.js';
import type { AuditConfig, AuditHost } from '../../audit-host.js';
import type { Rule } from '../../rule.js';
import { locationOf } from '../../rule-helpers.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : null;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

interface Difference {
  readonly what: string;
  readonly key: string;
}

function vdevKey(v: string): string {
  const bare = v.replace(/^\/dev\//, '').replace(/:.*$/, '');
  const id = vdevToDevid(bare);
  return id === null ? bare : String(id);
}

/** What differs between a config file and the running domain's libxl configuration. */
export function differences(cfg: AuditConfig, running: unknown, host: AuditHost): Difference[] {
  const out: Difference[] = [];
  const c = cfg.config;
  const d = obj(running);
  const b = obj(d.b_info);
  const target = num(b.target_memkb);
  const maxKb = num(b.max_memkb);
  const memory = c.memoryMiB?.value ?? c.maxmemMiB?.value;
  if (memory !== undefined && target !== null && Math.round(target / 1024) !== memory)
    out.push({
      what: `memory ${memory} MiB in the file, ${Math.round(target / 1024)} MiB running`,
      key: 'memory',
    });
  const maxmem = c.maxmemMiB?.value ?? c.memoryMiB?.value;
  if (c.maxmemMiB && maxmem !== undefined && maxKb !== null && Math.round(maxKb / 1024) !== maxmem)
    out.push({
      what: `maxmem ${maxmem} MiB in the file, ${Math.round(maxKb / 1024)} MiB running`,
      key: 'maxmem',
    });
  const maxVcpus = num(b.max_vcpus);
  const vcpus = c.maxvcpus?.value || c.vcpus?.value || 1;
  if (maxVcpus !== null && maxVcpus !== vcpus)
    out.push({
      what: `vcpus ${vcpus} in the file, ${maxVcpus} running`,
      key: c.maxvcpus ? 'maxvcpus' : 'vcpus',
    });
  const fileCrash = c.onCrash?.value ?? 'destroy';
  const runCrash = (str(d.on_crash) ?? 'destroy').replaceAll('_', '-');
  if (fileCrash !== runCrash)
    out.push({ what: `on_crash ${fileCrash} in the file, ${runCrash} running`, key: 'on_crash' });

  const runDisks = new Map<string, Json>();
  for (const raw of Array.isArray(d.disks) ? d.disks : []) {
    const disk = obj(raw);
    const vdev = str(disk.vdev);
    if (vdev !== null) runDisks.set(vdevKey(vdev), disk);
  }
  const fileDisks = new Set<string>();
  for (const fd of c.disks) {
    const vdev = fd.value.vdev;
    if (vdev === null) continue;
    const k = vdevKey(vdev);
    fileDisks.add(k);
    const rd = runDisks.get(k);
    if (!rd) {
      out.push({ what: `disk ${vdev} is in the file but not attached`, key: 'disk' });
      continue;
    }
    const a = canonicalTarget(fd.value.target ?? '', host.aliases, fd.value.script).id;
    const pdev = str(rd.pdev_path) ?? '';
    const r = canonicalTarget(pdev, host.aliases, str(rd.script)).id;
    if (a !== r)
      out.push({
        what: `disk ${vdev} is ${fd.value.target ?? '(none)'} in the file, ${pdev || '(none)'} running`,
        key: 'disk',
      });
    const rw = rd.readwrite === 1 || rd.readwrite === true || rd.readwrite === 'True';
    if (rw !== fd.value.readwrite)
      out.push({
        what: `disk ${vdev} is ${fd.value.readwrite ? 'read-write' : 'read-only'} in the file, ${rw ? 'read-write' : 'read-only'} running`,
        key: 'disk',
      });
  }
  for (const [k, rd] of runDisks)
    if (!fileDisks.has(k))
      out.push({ what: `disk ${str(rd.vdev)} is attached but not in the file`, key: 'disk' });

  const runNics = Array.isArray(d.nics) ? d.nics.map(obj) : [];
  const byDevid = new Map(runNics.map((n, i) => [num(n.devid) ?? i, n]));
  for (const v of c.vifs) {
    const n = byDevid.get(v.value.devid);
    if (!n) {
      out.push({ what: `vif ${v.value.devid} is in the file but not attached`, key: 'vif' });
      continue;
    }
    const mac = str(n.mac)?.toLowerCase() ?? null;
    if (v.value.macNormalized !== null && mac !== null && mac !== v.value.macNormalized)
      out.push({
        what: `vif ${v.value.devid} mac ${v.value.macNormalized} in the file, ${mac} running`,
        key: 'vif',
      });
    const bridge = v.value.bridge ?? 'xenbr0';
    const runBridge = str(n.bridge) ?? 'xenbr0';
    if (bridge !== runBridge)
      out.push({
        what: `vif ${v.value.devid} bridge ${bridge} in the file, ${runBridge} running`,
        key: 'vif',
      });
    const bytes = num(n.rate_bytes_per_interval);
    const usecs = num(n.rate_interval_usecs);
    const runRate = bytes !== null && usecs !== null && usecs > 0 ? Math.round((bytes * 1e6) / usecs) : null;
    const fileRate = v.value.rate
      ? Math.round((v.value.rate.bytesPerInterval * 1e6) / v.value.rate.intervalUsecs)
      : null;
    if (fileRate !== runRate)
      out.push({
        what: `vif ${v.value.devid} rate ${fileRate === null ? 'none' : `${fileRate} B/s`} in the file, ${runRate === null ? 'none' : `${runRate} B/s`} running`,
        key: 'vif',
      });
  }
  if (runNics.length > c.vifs.length)
    out.push({
      what: `${runNics.length - c.vifs.length} vif(s) attached that the file does not have`,
      key: 'vif',
    });
  return out;
}

const NONE: readonly AuditConfig[] = [];

export const rule: Rule = {
  id: 'XA701',
  name: 'running-differs',
  family: 'running',
  severity: 'warning',
  summary: 'A running domain (xl list -l) is configured differently from its file on disk.',
  needs: '`xl list -l` JSON given with --host-info',
  messages: {
    differs:
      '{{domain}} is running with a different configuration than {{file}}: {{differences}}. A reboot keeps the running configuration; the file applies only after destroy and create.',
  },
  fix: 'Decide which is right: apply the file (xl shutdown, then xl create {{file}}) or write the running settings back into the file.',
  check(ctx) {
    for (const host of ctx.hosts) {
      if (host.captures.running.length === 0) continue;
      // The configs of each domain name, in file order: one lookup per running domain, not a
      // scan of every config.
      const byDomain = new Map<string, AuditConfig[]>();
      for (const c of host.configs) {
        let list = byDomain.get(c.domain);
        if (list === undefined) byDomain.set(c.domain, (list = []));
        list.push(c);
      }
      for (const r of host.captures.running) {
        if (r.value.domid === 0) continue;
        for (const cfg of byDomain.get(r.value.name) ?? NONE) {
          const diffs = differences(cfg, r.value.config, host);
          if (diffs.length === 0) continue;
          ctx.report({
            messageId: 'differs',
            data: { domain: cfg.domain, file: cfg.rel, differences: diffs.map((x) => x.what).join('; ') },
            host,
            at: locationOf(cfg, cfg.config.keys[diffs[0]!.key] ? diffs[0]!.key : undefined),
            domains: [cfg.domain],
            related: [{ file: r.file, line: r.line, column: 1 }],
          });
        }
      }
    }
  },
};
