/**
 * `/etc/xen/<name>.cfg` in xl.cfg syntax (reference §3.3–3.5): PV guests boot a dom0-supplied
 * kernel, the PoD guest is HVM with memory < maxmem; disks in the classic `phy:`/`file:` form,
 * vifs with mac, bridge and sometimes `rate=`.
 */
import type { DomainSpec } from '../host-model.js';

export function xlcfgPath(domain: string): string {
  return `etc/xen/${domain}.cfg`;
}

export function renderXlCfg(d: DomainSpec, kernelRelease: string): string {
  const lines: string[] = [];
  lines.push(`name = "${d.name}"`);
  lines.push(`uuid = "${d.uuid}"`);
  if (d.type === 'hvm') {
    lines.push('type = "hvm"');
    lines.push('boot = "c"');
    lines.push('serial = "pty"');
    lines.push('vnc = 0');
  } else {
    lines.push('type = "pv"');
    lines.push(`kernel = "/boot/vmlinuz-${kernelRelease}"`);
    lines.push(`ramdisk = "/boot/initrd.img-${kernelRelease}"`);
    lines.push('root = "/dev/xvda ro"');
    lines.push('extra = "console=hvc0"');
  }
  lines.push(`memory = ${d.memoryMiB}`);
  if (d.maxmemMiB !== d.memoryMiB) lines.push(`maxmem = ${d.maxmemMiB}`);
  lines.push(`vcpus = ${d.vcpus}`);
  lines.push('');
  const disk = d.disks.map((x) => {
    const prefix = x.backing === 'file' ? 'file:' : 'phy:';
    return `    '${prefix}${x.target},${x.vdev},${x.access}'`;
  });
  lines.push('disk = [');
  lines.push(disk.join(',\n'));
  lines.push(']');
  const vif = d.vifs.map((v) => {
    const parts = [`mac=${v.mac}`, `bridge=${v.bridge}`];
    if (d.type === 'hvm') parts.push('type=vif');
    if (v.rate) parts.push(`rate=${v.rate}`);
    return `'${parts.join(',')}'`;
  });
  lines.push(`vif = [ ${vif.join(', ')} ]`);
  lines.push('');
  lines.push('on_poweroff = "destroy"');
  lines.push('on_reboot = "restart"');
  lines.push(`on_watchdog = "${d.onWatchdog}"`);
  lines.push(`on_crash = "${d.onCrash}"`);
  return `${lines.join('\n')}\n`;
}
