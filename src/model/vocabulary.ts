/**
 * Closed sets shared by every layer: the metric vocabulary, event kinds, sources and severities
 * (design.md, "Records"). The CLI validates flags against these same arrays.
 */

export const RESOURCES = ['cpu', 'mem', 'vbd', 'vif', 'host_disk', 'host_net', 'log'] as const;
export type Resource = (typeof RESOURCES)[number];

export const METRICS_BY_RESOURCE = {
  cpu: ['cpu_ratio'],
  mem: ['mem_kib', 'maxmem_kib'],
  vbd: [
    'vbd_rd_reqs_per_s',
    'vbd_wr_reqs_per_s',
    'vbd_rd_sect_per_s',
    'vbd_wr_sect_per_s',
    'vbd_oo_reqs_per_s',
    'vbd_flush_reqs_per_s',
  ],
  vif: [
    'vif_rx_bytes_per_s',
    'vif_tx_bytes_per_s',
    'vif_rx_pkts_per_s',
    'vif_tx_pkts_per_s',
    'vif_rx_drops_per_s',
    'vif_tx_drops_per_s',
  ],
  host_disk: [
    'disk_reads_per_s',
    'disk_writes_per_s',
    'disk_read_sect_per_s',
    'disk_write_sect_per_s',
    'disk_util_ratio',
    'disk_queue',
  ],
  host_net: [
    'net_rx_bytes_per_s',
    'net_tx_bytes_per_s',
    'net_rx_pkts_per_s',
    'net_tx_pkts_per_s',
    'net_rx_drops_per_s',
    'net_tx_drops_per_s',
    'net_rx_errs_per_s',
    'net_tx_errs_per_s',
  ],
  log: ['log_events_per_s'],
} as const satisfies Record<Resource, readonly string[]>;

export type Metric = (typeof METRICS_BY_RESOURCE)[Resource][number];
export const METRICS: readonly Metric[] = Object.values(METRICS_BY_RESOURCE).flat();

export const EVENT_KINDS = [
  'crash',
  'reboot',
  'shutdown',
  'watchdog',
  'panic',
  'oops',
  'soft_lockup',
  'hung_task',
  'oom_kill',
  'io_error',
  'net_stall',
  'packet_drop',
  'blk_error',
  'pod_exhausted',
  'domain_start',
  'domain_destroy',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Kinds that make an incident (design.md, "Incident"); `reboot` only when the guest did not ask. */
export const CRASH_CLASS_KINDS: readonly EventKind[] = ['crash', 'watchdog', 'panic'];

export const EVENT_SOURCES = [
  'xl',
  'xenstored',
  'hypervisor',
  'console',
  'kernel',
  'syslog',
  'journal',
  'qemu',
  'hotplug',
  'collector',
] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const SEVERITIES = ['critical', 'error', 'warning', 'info', 'debug'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where an event's or sample's time came from (design.md, "Time"). */
export const TS_SOURCES = ['line', 'boot+uptime', 'start+interval', 'neighbour', 'poll', 'mtime'] as const;
export type TsSource = (typeof TS_SOURCES)[number];

/** Diagnostic codes a parser or the importer may report: a closed union, like zod's issue codes. */
export const DIAG_CODES = [
  'bad_number',
  'bad_field_count',
  'bad_json',
  'bad_time',
  'unknown_line',
  'orphan_subline',
  'ambiguous_name',
  'no_time',
  'time_inferred',
  'unsupported',
  'unreadable',
  'unrecognised_format',
  'syntax_error',
  'unknown_value',
] as const;
export type DiagCode = (typeof DIAG_CODES)[number];

export function isMember<T extends string>(set: readonly T[], value: string): value is T {
  return (set as readonly string[]).includes(value);
}
