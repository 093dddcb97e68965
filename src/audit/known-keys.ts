/**
 * The top-level keys xl reads from a domain configuration file, for XA902 unknown-key.
 *
 * Source: xl.cfg(5), `docs/man/xl.cfg.5.pod.in` of xen-project/xen, every `=item B<key=…>` of the
 * OPTIONS section (the revision stored for us is commit 024e7131be5ca0cb0a3f68522e490e5882099b00,
 * a little newer than 4.17.0: it also documents `sve` (Arm, 4.18), which a 4.17 xl ignores; keeping
 * it costs at most a missed typo, never a false report). Added from xl_parse.c, which reads them
 * without documenting them in that page: `device_model` (read, then ignored with a warning) and
 * `vif2` (warned about); both have their own xl warning (reference §3.3).
 */
export const XL_KEYS: ReadonlySet<string> = new Set([
  // Mandatory, guest type
  'name',
  'type',
  'builder',
  // CPU allocation and scheduling
  'pool',
  'vcpus',
  'maxvcpus',
  'cpus',
  'cpus_soft',
  'cpu_weight',
  'cap',
  // Memory, vNUMA
  'memory',
  'maxmem',
  'vnuma',
  // Event actions
  'on_poweroff',
  'on_reboot',
  'on_watchdog',
  'on_crash',
  'on_soft_reset',
  // Direct and firmware boot
  'kernel',
  'ramdisk',
  'cmdline',
  'root',
  'extra',
  'firmware',
  'pvshim',
  'pvshim_path',
  'pvshim_cmdline',
  'pvshim_extra',
  // Other options
  'uuid',
  'seclabel',
  'init_seclabel',
  'max_grant_frames',
  'max_maptrack_frames',
  'max_grant_version',
  'nomigrate',
  'driver_domain',
  'device_tree',
  'passthrough',
  'xend_suspend_evtchn_compat',
  'vmtrace_buf_kb',
  'vpmu',
  // Devices
  'disk',
  'vif',
  'vtpm',
  'p9',
  'pvcalls',
  'vfb',
  'channel',
  'rdm',
  'usbctrl',
  'usbdev',
  'pci',
  'pci_permissive',
  'pci_msitranslate',
  'pci_seize',
  'pci_power_mgmt',
  'gfx_passthru',
  'rdm_mem_boundary',
  'dtdev',
  'ioports',
  'iomem',
  'irqs',
  'max_event_channels',
  'vdispl',
  'dm_restrict',
  'device_model_user',
  'vsnd',
  'vkb',
  'virtio',
  'tee',
  // PV
  'bootloader',
  'bootloader_args',
  'bootloader_restrict',
  'bootloader_user',
  'e820_host',
  // HVM
  'boot',
  'hdtype',
  'hap',
  'oos',
  'shadow_memory',
  'bios',
  'bios_path_override',
  'pae',
  'acpi',
  'acpi_s3',
  'acpi_s4',
  'acpi_laptop_slate',
  'apic',
  'nx',
  'hpet',
  'altp2m',
  'altp2mhvm',
  'nestedhvm',
  'cpuid',
  'acpi_firmware',
  'smbios_firmware',
  'smbios',
  'ms_vm_genid',
  'tsc_mode',
  'localtime',
  'rtc_timeoffset',
  'vpt_align',
  'timer_mode',
  'mmio_hole',
  'xen_platform_pci',
  'viridian',
  'hvm_pirq',
  'videoram',
  'stdvga',
  'vga',
  'vnc',
  'vnclisten',
  'vncdisplay',
  'vncunused',
  'vncpasswd',
  'keymap',
  'sdl',
  'opengl',
  'nographic',
  'spice',
  'spicehost',
  'spiceport',
  'spicetls_port',
  'spicedisable_ticketing',
  'spicepasswd',
  'spiceagent_mouse',
  'spicevdagent',
  'spice_clipboard_sharing',
  'spiceusbredirection',
  'spice_image_compression',
  'spice_streaming_video',
  'serial',
  'soundhw',
  'vkb_device',
  'usb',
  'usbversion',
  'usbdevice',
  'vendor_device',
  // Device model
  'device_model_version',
  'device_model_override',
  'stubdomain_kernel',
  'stubdomain_cmdline',
  'stubdomain_ramdisk',
  'stubdomain_memory',
  'device_model_stubdomain_override',
  'device_model_stubdomain_seclabel',
  'device_model_args',
  'device_model_args_pv',
  'device_model_args_hvm',
  // Architecture specific
  'gic_version',
  'vuart',
  'sve',
  'mca_caps',
  'msr_relaxed',
  // Read by xl_parse.c, warned about (see above)
  'device_model',
  'vif2',
]);

/** Misspellings and xm names whose intended key is not the nearest by spelling. */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  vcpu: 'vcpus',
  maxcpus: 'maxvcpus',
  max_vcpus: 'maxvcpus',
  cpu_cap: 'cap',
  maxmemory: 'maxmem',
  mem: 'memory',
  initrd: 'ramdisk',
  on_shutdown: 'on_poweroff',
  hostname: 'name',
  ip: 'vif',
  mac: 'vif',
  bridge: 'vif',
};

/** Levenshtein distance, stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The known key an unknown one most likely meant, or null. */
export function didYouMean(key: string): string | null {
  // Own properties only: an unknown key named `constructor` must not read Object.prototype.
  const alias = Object.hasOwn(KEY_ALIASES, key) ? KEY_ALIASES[key] : undefined;
  if (alias !== undefined) return alias;
  // A fleet repeats the same few unknown keys thousands of times: the scan over XL_KEYS runs once each.
  const known = suggestions.get(key);
  if (known !== undefined) return known;
  const found = closestKey(key);
  if (suggestions.size < MAX_SUGGESTIONS) suggestions.set(key, found);
  return found;
}

/** Cache of `closestKey`, bounded so that arbitrary input cannot grow it without limit. */
const suggestions = new Map<string, string | null>();
const MAX_SUGGESTIONS = 4096;

function closestKey(key: string): string | null {
  const max = key.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestD = max + 1;
  for (const k of XL_KEYS) {
    const d = distance(key, k, max);
    if (d < bestD || (d === bestD && best !== null && k < best)) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= max ? best : null;
}
