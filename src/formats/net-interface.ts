/**
 * Which series a dom0 network interface's counters belong to, shared by the `/proc/net/dev` and
 * sysfs parsers. A netback interface (`vif7.0`) is the guest's vif, named by devid (`net0`) so a
 * restarted domain continues the series; every other interface is the host's own NIC or bridge.
 * Direction stays dom0's view (reference §4.2): `rx` on a vif is what the guest sent.
 */
import { parseVifDevName, vifName } from '../model/devices.js';
import type { ReadingRecord, Stamp } from '../model/records.js';
import type { Metric, Resource } from '../model/vocabulary.js';

/** The identity part of a reading for one interface. */
export interface NetTarget {
  readonly domain: string | null;
  readonly domid: number | null;
  readonly resource: Extract<Resource, 'vif' | 'host_net'>;
  readonly device: string;
  readonly instance?: string;
  readonly devName?: string;
}

/** `backend/vif/<domid>/<devid>`: the xenstore node a netback device points to (sysfs `device/nodename`). */
export function parseVifNodename(value: string): { domid: number; devid: number } | null {
  const m = /^\/?(?:local\/domain\/0\/)?backend\/vif\/(\d+)\/(\d+)$/.exec(value.trim());
  return m ? { domid: Number(m[1]), devid: Number(m[2]) } : null;
}

/**
 * The series for interface `ifname`; `backend` (from sysfs `device/nodename`) wins over the name,
 * since `vifname=` renames the interface. `lo` has none: loopback traffic says nothing about
 * guests or the wire.
 */
export function netTarget(
  ifname: string,
  backend?: { domid: number; devid: number } | null,
): NetTarget | null {
  if (ifname === 'lo') return null;
  const vif = backend ?? parseVifDevName(ifname);
  if (vif) return vifTarget(ifname, vif.domid, vifName(vif.devid));
  // QEMU's tap for an HVM guest's emulated NIC carries the guest's traffic before PV drivers take
  // over: same domain and devid, its own device so the two never merge.
  const emu = /^vif(\d+)\.(\d+)-emu$/.exec(ifname);
  if (emu) return vifTarget(ifname, Number(emu[1]), `${vifName(Number(emu[2]))}-emu`);
  return { domain: '', domid: null, resource: 'host_net', device: ifname };
}

function vifTarget(ifname: string, domid: number, device: string): NetTarget {
  return { domain: null, domid, resource: 'vif', device, instance: String(domid), devName: ifname };
}

/** The kernel's generic counter names (sysfs `statistics/*`) → our metrics, per resource. */
const VIF_METRICS: Readonly<Record<string, Metric>> = {
  rx_bytes: 'vif_rx_bytes_per_s',
  tx_bytes: 'vif_tx_bytes_per_s',
  rx_packets: 'vif_rx_pkts_per_s',
  tx_packets: 'vif_tx_pkts_per_s',
  rx_dropped: 'vif_rx_drops_per_s',
  tx_dropped: 'vif_tx_drops_per_s',
};

const HOST_METRICS: Readonly<Record<string, Metric>> = {
  rx_bytes: 'net_rx_bytes_per_s',
  tx_bytes: 'net_tx_bytes_per_s',
  rx_packets: 'net_rx_pkts_per_s',
  tx_packets: 'net_tx_pkts_per_s',
  rx_dropped: 'net_rx_drops_per_s',
  tx_dropped: 'net_tx_drops_per_s',
  rx_errors: 'net_rx_errs_per_s',
  tx_errors: 'net_tx_errs_per_s',
};

/** The metric for counter `name` (`rx_bytes`, …) of a target; undefined when we keep none (netback errors). */
export function netMetric(resource: NetTarget['resource'], name: string): Metric | undefined {
  const table = resource === 'vif' ? VIF_METRICS : HOST_METRICS;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** One cumulative counter reading of an interface. */
export function netReading(stamp: Stamp, target: NetTarget, metric: Metric, value: number): ReadingRecord {
  return {
    type: 'reading',
    ...stamp,
    domain: target.domain,
    domid: target.domid,
    resource: target.resource,
    device: target.device,
    metric,
    value,
    counter: true,
    ...(target.instance === undefined ? {} : { instance: target.instance }),
    ...(target.devName === undefined ? {} : { devName: target.devName }),
  };
}
