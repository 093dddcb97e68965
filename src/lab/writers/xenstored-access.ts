/**
 * `xenstored-access.log` (oxenstored access logging, reference §5.13): millisecond UTC stamps,
 * a connection id (`D0` dom0's kernel, `D<n>` a guest, `A<n>` a socket client, `A<n>.<m>` its
 * transaction), the operation and its path/value. The lab writes the domain lifecycle the way
 * the real capture shows it: creation transactions with the name write, `@introduceDomain`,
 * xl's `@releaseDomain` watch (which fires on registration), the `@releaseDomain` pair when a
 * domain dies (never naming it), the backend teardown and the final `rm`.
 */
import type { DomainSpec, HostModel } from '../host-model.js';
import type { SimEvent } from '../simulate.js';
import type { LogBook } from './log-book.js';
import { xenstoredStamp } from './stamps.js';

export const XENSTORED_LOG = 'var/log/xen/xenstored-access.log';

/** One access-log line: `[stamp]  <conn padded to 12> <op padded to 9> <rest>`. */
export function xenstoredLine(t: number, conn: string, op: string, rest: string): string {
  return `${xenstoredStamp(t)}  ${conn.padEnd(12)} ${op.padEnd(9)} ${rest}`;
}

interface Monitor {
  conn: string;
  tx: number;
  token: number;
}

export class XenstoredWriter {
  readonly #host: HostModel;
  readonly #book: LogBook;
  #nextConn = 6;
  readonly #monitor = new Map<string, Monitor>();
  #watchToken = 0;

  constructor(host: HostModel, book: LogBook) {
    this.#host = host;
    this.#book = book;
  }

  #add(t: number, conn: string, op: string, rest = ''): void {
    this.#book.add(XENSTORED_LOG, t, xenstoredLine(t, conn, op, rest));
  }

  /** `rm`/`write` with an empty value and watches end in a space, as oxenstored prints them. */
  #op(t: number, conn: string, op: string, path: string, value = ''): void {
    this.#add(t, conn, op, `${path} ${value}`);
  }

  #watch(t: number, conn: string, op: 'watch' | 'w event' | 'unwatch', path: string, token: string): void {
    this.#add(t, conn, op, `${path} ${token} `);
  }

  /** The creation transaction(s) and the domain's introduction. Returns the next time free. */
  #create(
    spec: DomainSpec,
    domid: number,
    conn: string,
    tx: () => string,
    t0: number,
    introducedAt: number,
  ): void {
    let t = t0;
    const step = () => (t += 4);
    const c1 = tx();
    this.#op(step(), c1, 'rm', `/local/domain/${domid}`);
    this.#op(step(), c1, 'write', `/local/domain/${domid}`);
    this.#op(step(), c1, 'setperms', `/local/domain/${domid}`, `n0 r${domid} `);
    this.#op(step(), c1, 'rm', `/vm/${spec.uuid}`);
    this.#op(step(), c1, 'write', `/vm/${spec.uuid}`);
    this.#op(step(), c1, 'setperms', `/vm/${spec.uuid}`, `n0 r${domid} `);
    this.#op(step(), c1, 'write', `/local/domain/${domid}/vm`, `/vm/${spec.uuid}`);
    this.#op(step(), c1, 'write', `/local/domain/${domid}/name`, spec.name);
    this.#op(step(), c1, 'write', `/vm/${spec.uuid}/name`, spec.name);
    this.#op(step(), c1, 'write', `/libxl/${domid}/type`, spec.type);
    this.#add(step(), c1, 'commit');
    this.#op(step(), conn, 'write', `/libxl/${domid}/dm-version`, 'qemu_xen');
    t = introducedAt - 60;
    const c2 = tx();
    const kib = spec.memoryMiB * 1024;
    this.#op(step(), c2, 'write', `/local/domain/${domid}/memory/static-max`, String(spec.maxmemMiB * 1024));
    this.#op(step(), c2, 'write', `/local/domain/${domid}/memory/target`, String(kib));
    this.#op(step(), c2, 'write', `/local/domain/${domid}/memory/videoram`, '0');
    this.#op(step(), c2, 'write', `/local/domain/${domid}/domid`, String(domid));
    this.#add(step(), c2, 'commit');
    this.#add(introducedAt - 3, `D${domid}`, 'newconn');
    this.#watch(introducedAt, 'A5', 'w event', '@introduceDomain', 'domlist');
    this.#watch(introducedAt + 14, 'A5', 'watch', `/local/domain/${domid}/console`, `dom${domid}`);
    this.#watch(introducedAt + 16, 'A5', 'w event', `/local/domain/${domid}/console`, `dom${domid}`);
  }

  render(e: SimEvent): void {
    switch (e.type) {
      case 'host-boot': {
        const t = e.t + 26_000;
        this.#add(t, 'A2', 'newconn');
        this.#op(t + 57, 'A2', 'write', '/local/domain/0/domid', '0');
        this.#op(t + 60, 'A2', 'write', '/local/domain/0/name', 'Domain-0');
        this.#op(t + 69, 'A2', 'write', '/local/pool/0/name', 'Pool-0');
        this.#add(t + 74, 'A2', 'endconn');
        // xenconsoled watches the domain list; a watch fires once when it is registered.
        this.#add(t + 412, 'A5', 'newconn');
        this.#watch(t + 429, 'A5', 'watch', '@introduceDomain', 'domlist');
        this.#watch(t + 431, 'A5', 'w event', '@introduceDomain', 'domlist');
        this.#watch(t + 438, 'A5', 'watch', '@releaseDomain', 'domlist');
        this.#watch(t + 441, 'A5', 'w event', '@releaseDomain', 'domlist');
        return;
      }
      case 'domain-create': {
        const spec = this.#host.domains.find((d) => d.name === e.domain)!;
        if (!e.restart) {
          // `xl create`: a client connection builds the domain, then the daemonised monitor
          // connects and watches @releaseDomain.
          const creator = `A${this.#nextConn++}`;
          let tx = 0;
          this.#add(e.t, creator, 'newconn');
          this.#create(spec, e.domid, creator, () => `${creator}.${++tx}`, e.t + 100, e.introducedAt);
          this.#add(e.introducedAt + 40, creator, 'endconn');
          const mon: Monitor = { conn: `A${this.#nextConn++}`, tx: 0, token: this.#watchToken++ };
          this.#monitor.set(e.domain, mon);
          const t = e.introducedAt + 1100;
          this.#add(t, mon.conn, 'newconn');
          this.#watch(t + 50, mon.conn, 'watch', '@releaseDomain', `3/${mon.token}`);
          this.#watch(t + 53, mon.conn, 'w event', '@releaseDomain', `3/${mon.token}`);
          return;
        }
        const mon = this.#monitor.get(e.domain)!;
        this.#create(spec, e.domid, mon.conn, () => `${mon.conn}.${++mon.tx}`, e.t, e.introducedAt);
        mon.token = this.#watchToken++;
        this.#watch(e.introducedAt + 300, mon.conn, 'watch', '@releaseDomain', `3/${mon.token}`);
        this.#watch(e.introducedAt + 304, mon.conn, 'w event', '@releaseDomain', `3/${mon.token}`);
        return;
      }
      case 'shutdown': {
        const spec = this.#host.domains.find((d) => d.name === e.domain)!;
        const mon = this.#monitor.get(e.domain)!;
        const id = e.domid;
        const token = `3/${mon.token}`;
        // The guest died: every @releaseDomain watcher fires; the event does not say who.
        let t = e.t + 30;
        this.#watch(t, 'A5', 'w event', '@releaseDomain', 'domlist');
        this.#watch(t + 1, mon.conn, 'w event', '@releaseDomain', token);
        t += 360;
        for (const d of spec.disks) {
          const c = `${mon.conn}.${++mon.tx}`;
          this.#op((t += 8), c, 'rm', `/local/domain/${id}/device/vbd/${d.devid}`);
          this.#op((t += 8), c, 'write', `/local/domain/0/backend/vbd/${id}/${d.devid}/online`, '0');
          this.#op((t += 3), c, 'write', `/local/domain/0/backend/vbd/${id}/${d.devid}/state`, '5');
          this.#add((t += 2), c, 'commit');
        }
        for (const v of spec.vifs) {
          const c = `${mon.conn}.${++mon.tx}`;
          this.#op((t += 8), c, 'rm', `/local/domain/${id}/device/vif/${v.devid}`);
          this.#op((t += 8), c, 'write', `/local/domain/0/backend/vif/${id}/${v.devid}/online`, '0');
          this.#op((t += 3), c, 'write', `/local/domain/0/backend/vif/${id}/${v.devid}/state`, '5');
          this.#add((t += 2), c, 'commit');
        }
        t = e.destroyAt - 120;
        const c = `${mon.conn}.${++mon.tx}`;
        for (const d of spec.disks)
          this.#op((t += 6), c, 'rm', `/local/domain/0/backend/vbd/${id}/${d.devid}`);
        for (const v of spec.vifs)
          this.#op((t += 6), c, 'rm', `/local/domain/0/backend/vif/${id}/${v.devid}`);
        this.#add((t += 6), c, 'commit');
        this.#op((t += 10), mon.conn, 'rm', `/vm/${spec.uuid}`);
        this.#op((t += 4), mon.conn, 'rm', `/local/domain/${id}`);
        this.#op((t += 4), mon.conn, 'rm', `/libxl/${id}`);
        this.#add((t += 80), `D${id}`, 'endconn');
        this.#watch((t += 1), 'A5', 'w event', '@releaseDomain', 'domlist');
        this.#watch((t += 1), mon.conn, 'w event', '@releaseDomain', token);
        this.#watch((t += 10), 'A5', 'unwatch', `/local/domain/${id}/console`, `dom${id}`);
        this.#watch(t, mon.conn, 'unwatch', '@releaseDomain', token);
        return;
      }
      default:
        return;
    }
  }
}
