/**
 * dom0's `/var/log/kern.log` as Debian 12's rsyslog writes it (RFC 3339 with microseconds,
 * `host kernel: msg`, no kernel uptime stamp: imklog drops it): bridge port state changes when
 * vifs come and go, blkback connections, netback `Guest Rx ready/stalled` (reference §5.9).
 */
import type { HostModel } from '../host-model.js';
import type { Prng } from '../prng.js';
import type { SimEvent } from '../simulate.js';
import type { LogBook } from './log-book.js';
import { rfc3339Micro } from './stamps.js';

export const KERN_LOG = 'var/log/kern.log';

export class KernLogWriter {
  readonly #host: HostModel;
  readonly #rng: Prng;
  readonly #book: LogBook;
  /** Bridge → port numbers in use, and which vif holds which port. */
  readonly #ports = new Map<string, Set<number>>();
  readonly #portOf = new Map<string, number>();
  readonly #domid = new Map<string, number>();

  constructor(host: HostModel, rng: Prng, book: LogBook) {
    this.#host = host;
    this.#rng = rng;
    this.#book = book;
  }

  #line(t: number, msg: string): void {
    // The microseconds go into the sort key too, so the file stays in time order.
    const micros = this.#rng.int(0, 999);
    this.#book.add(
      KERN_LOG,
      t + micros / 1000,
      `${rfc3339Micro(t, micros)} ${this.#host.name} kernel: ${msg}`,
    );
  }

  #takePort(bridge: string, ifname: string): number {
    let used = this.#ports.get(bridge);
    if (!used) {
      used = new Set();
      this.#ports.set(bridge, used);
    }
    let p = 1;
    while (used.has(p)) p++;
    used.add(p);
    this.#portOf.set(ifname, p);
    return p;
  }

  render(e: SimEvent): void {
    switch (e.type) {
      case 'host-boot': {
        const t = e.t + 4000;
        this.#line(
          t,
          `Linux version ${this.#host.kernelRelease} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${this.#host.kernelVersion}`,
        );
        this.#line(t, `Command line: placeholder root=/dev/sda1 ro quiet`);
        this.#line(t + 1, 'Hypervisor detected: Xen PV');
        this.#line(t + 9000, 'xen:xen_evtchn: Event-channel device installed');
        this.#line(
          t + 11000,
          'bridge: filtering via arp/ip/ip6tables is no longer available by default. Update your scripts to load br_netfilter if you need this.',
        );
        for (const b of this.#host.bridges) {
          this.#line(t + 11500, `${b.name}: port 1(${b.nic}) entered blocking state`);
          this.#line(t + 11501, `${b.name}: port 1(${b.nic}) entered forwarding state`);
          this.#takePort(b.name, b.nic);
        }
        return;
      }
      case 'domain-create': {
        const spec = this.#host.domains.find((d) => d.name === e.domain)!;
        this.#domid.set(e.domain, e.domid);
        const plug = e.introducedAt - 2000;
        for (const v of spec.vifs) {
          const ifn = `vif${e.domid}.${v.devid}`;
          const port = this.#takePort(v.bridge, ifn);
          this.#line(plug, `${v.bridge}: port ${port}(${ifn}) entered blocking state`);
          this.#line(plug + 3, `${v.bridge}: port ${port}(${ifn}) entered disabled state`);
          this.#line(plug + 9, `device ${ifn} entered promiscuous mode`);
        }
        const conn = e.kernelBootAt + 8300;
        for (const d of spec.disks) {
          this.#line(
            conn,
            `xen-blkback: backend/vbd/${e.domid}/${d.devid}: using ${Math.min(spec.vcpus, 4)} queues, protocol 1 (x86_64-abi) persistent grants`,
          );
        }
        for (const v of spec.vifs) {
          const ifn = `vif${e.domid}.${v.devid}`;
          const port = this.#portOf.get(ifn)!;
          this.#line(conn + 900, `vif vif-${e.domid}-${v.devid} ${ifn}: Guest Rx ready`);
          this.#line(conn + 904, `IPv6: ADDRCONF(NETDEV_CHANGE): ${ifn}: link becomes ready`);
          this.#line(conn + 950, `${v.bridge}: port ${port}(${ifn}) entered blocking state`);
          this.#line(conn + 955, `${v.bridge}: port ${port}(${ifn}) entered forwarding state`);
        }
        return;
      }
      case 'shutdown': {
        const spec = this.#host.domains.find((d) => d.name === e.domain)!;
        const t = e.t + 350;
        for (const v of spec.vifs) {
          const ifn = `vif${e.domid}.${v.devid}`;
          const port = this.#portOf.get(ifn);
          if (port === undefined) continue;
          this.#line(t, `${v.bridge}: port ${port}(${ifn}) entered disabled state`);
          this.#line(t + 52, `${v.bridge}: port ${port}(${ifn}) entered disabled state`);
          this.#line(t + 57, `device ${ifn} left promiscuous mode`);
          this.#line(t + 60, `${v.bridge}: port ${port}(${ifn}) entered disabled state`);
          this.#ports.get(v.bridge)?.delete(port);
          this.#portOf.delete(ifn);
        }
        return;
      }
      case 'rx-stall':
        this.#line(e.t, `vif vif-${e.domid}-0 vif${e.domid}.0: Guest Rx stalled`);
        return;
      case 'rx-ready':
        this.#line(e.t, `vif vif-${e.domid}-0 vif${e.domid}.0: Guest Rx ready`);
        return;
      default:
        return;
    }
  }
}
