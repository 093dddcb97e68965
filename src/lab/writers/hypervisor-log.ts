/**
 * `console/hypervisor.log` as xenconsoled writes the Xen console ring with `--timestamp=all`.
 * A PV guest's crash leaves nothing here; Xen itself speaks only when it kills a guest
 * (populate-on-demand exhaustion of an HVM guest) or when a guest's watchdog expires.
 */
import type { HostModel } from '../host-model.js';
import type { Prng } from '../prng.js';
import type { SimEvent } from '../simulate.js';
import type { LogBook } from './log-book.js';
import { consoleStamp } from './stamps.js';

export const HYPERVISOR_LOG = 'var/log/xen/console/hypervisor.log';

/** Debian 12's Xen 4.17 build, as `xl info` (cc_compile_date, build_id) reports it too. */
export const XEN_BUILD_DATE = 'Wed Mar  4 16:52:28 UTC 2026';
export const XEN_BUILD_ID = '151b373fd64b321593bf987fd923cd10dabadac4';

export class HypervisorLogWriter {
  readonly #host: HostModel;
  readonly #rng: Prng;
  readonly #book: LogBook;

  constructor(host: HostModel, rng: Prng, book: LogBook) {
    this.#host = host;
    this.#rng = rng;
    this.#book = book;
  }

  #xen(t: number, msg: string): void {
    this.#book.add(HYPERVISOR_LOG, t, `${consoleStamp(t)}(XEN) ${msg}`);
  }

  render(e: SimEvent): void {
    const h = this.#host;
    switch (e.type) {
      case 'host-boot': {
        // xenconsoled starts with dom0's userland and dumps the ring up to then.
        const t = e.t + 28_000;
        this.#book.add(HYPERVISOR_LOG, t, `${consoleStamp(t)}Logfile Opened`);
        const lines = [
          `Xen version ${h.xenVersion} (Debian ${h.xenVersion}+13-g2445b30a44-0+deb12u1) (pkg-xen-devel@lists.alioth.debian.org) (x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0) debug=n ${XEN_BUILD_DATE}`,
          `build-id: ${XEN_BUILD_ID}`,
          `Command line: placeholder dom0_mem=${h.dom0.memoryMiB}M,max:${h.dom0.memoryMiB}M`,
          'Xen image load base address: 0',
          'Video information:',
          ' VGA is text mode 80x25, font 8x16',
          'Disc information:',
          ' Found 2 MBR signatures',
          ' Found 2 EDD information structures',
          'Xen-e820 RAM map:',
          ' [0000000000000000, 000000000009fbff] (usable)',
          ' [000000000009fc00, 000000000009ffff] (reserved)',
          ' [0000000000100000, 00000000bffd6fff] (usable)',
          "*** Serial input to DOM0 (type 'CTRL-a' three times to switch input)",
          'Freed 656kB init memory',
        ];
        for (const l of lines) this.#xen(t, l);
        return;
      }
      case 'pod-crash': {
        this.#xen(
          e.t,
          `p2m_pod_demand_populate: Dom${e.domid} out of PoD memory! (tot=${e.totPages} ents=${e.entries} dom${e.domid})`,
        );
        this.#xen(e.t, 'domain_crash called from p2m-pod.c:1233');
        const cpu = this.#rng.int(0, h.nrCpus - 1);
        this.#xen(e.t, `Domain ${e.domid} (vcpu#0) crashed on cpu#${cpu}:`);
        this.#xen(e.t, `----[ Xen-${h.xenVersion}  x86_64  debug=n  Not tainted ]----`);
        this.#xen(e.t, `CPU:    ${cpu}`);
        this.#xen(e.t, `RIP:    0010:[<ffffffff81${this.#rng.int(0x100000, 0xffffff).toString(16)}>]`);
        this.#xen(e.t, `RFLAGS: 0000000000010246   CONTEXT: hvm guest (d${e.domid}v0)`);
        return;
      }
      case 'watchdog-fire':
        this.#xen(e.t, `Watchdog timer fired for domain ${e.domid}`);
        return;
      default:
        return;
    }
  }
}
