/** `xl info` (Xen 4.17 order and layout, reference §2.4): `name : value`, colon in column 24. */
import type { HostModel } from '../host-model.js';
import { XEN_BUILD_DATE, XEN_BUILD_ID } from './hypervisor-log.js';

export function renderXlInfo(h: HostModel, freeMemoryMiB: number): string {
  const [major, minor, extra] = h.xenVersion.split('.');
  const rows: [string, string][] = [
    ['host', h.name],
    ['release', h.kernelRelease],
    ['version', h.kernelVersion],
    ['machine', 'x86_64'],
    ['nr_cpus', String(h.nrCpus)],
    ['max_cpu_id', String(h.nrCpus - 1)],
    ['nr_nodes', '1'],
    ['cores_per_socket', String(h.coresPerSocket)],
    ['threads_per_core', '1'],
    ['cpu_mhz', h.cpuMhz],
    ['hw_caps', 'bfebfbff:77fef3ff:2c100800:00000121:0000000f:009c67af:00000000:00000100'],
    ['virt_caps', 'pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share gnttab-v1'],
    ['total_memory', String(h.totalMemoryMiB)],
    ['free_memory', String(freeMemoryMiB)],
    ['sharing_freed_memory', '0'],
    ['sharing_used_memory', '0'],
    ['outstanding_claims', '0'],
    ['free_cpus', '0'],
    ['xen_major', major!],
    ['xen_minor', minor!],
    ['xen_extra', `.${extra}`],
    ['xen_version', h.xenVersion],
    ['xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 '],
    ['xen_scheduler', 'credit2'],
    ['xen_pagesize', '4096'],
    ['platform_params', 'virt_start=0xffff800000000000'],
    ['xen_changeset', ''],
    ['xen_commandline', `placeholder dom0_mem=${h.dom0.memoryMiB}M,max:${h.dom0.memoryMiB}M`],
    ['cc_compiler', 'x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0'],
    ['cc_compile_by', 'pkg-xen-devel'],
    ['cc_compile_domain', 'lists.alioth.debian.org'],
    ['cc_compile_date', XEN_BUILD_DATE],
    ['build_id', XEN_BUILD_ID],
    ['xend_config_format', '4'],
  ];
  return `${rows.map(([k, v]) => `${k.padEnd(23)}: ${v}`).join('\n')}\n`;
}
