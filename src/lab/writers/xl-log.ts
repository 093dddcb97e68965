/**
 * `xl-<name>.log`: the lines of the background `xl` monitor (tools/xl/xl_vmcontrol.c, reference
 * §5.2). They carry no time stamps; the lab keeps them in the order and at the moments xl writes
 * them (only the order reaches the file). Debian's default logs no libxl debug lines.
 */
import type { HostModel } from '../host-model.js';
import type { SimEvent } from '../simulate.js';
import type { LogBook } from './log-book.js';

export function xlLogFile(domain: string): string {
  return `var/log/xen/xl-${domain}.log`;
}

export class XlLogWriter {
  readonly #host: HostModel;
  readonly #book: LogBook;

  constructor(host: HostModel, book: LogBook) {
    this.#host = host;
    this.#book = book;
  }

  render(e: SimEvent): void {
    if (e.type === 'domain-create') {
      const spec = this.#host.domains.find((d) => d.name === e.domain)!;
      // After a restart the same monitor prints it once the new domain is up.
      const at = e.restart ? e.introducedAt + 300 : e.introducedAt + 1200;
      this.#book.add(
        xlLogFile(e.domain),
        at,
        `Waiting for domain ${e.domain} (domid ${e.domid}) to die [pid ${spec.xlPid}]`,
      );
      return;
    }
    if (e.type === 'shutdown') {
      const f = xlLogFile(e.domain);
      const action = 'restart';
      this.#book.add(
        f,
        e.t,
        `Domain ${e.domid} has shut down, reason code ${e.reason} 0x${e.reason.toString(16)}`,
      );
      this.#book.add(f, e.t + 1, `Action for shutdown reason code ${e.reason} is ${action}`);
      this.#book.add(f, e.t + 2, `Domain ${e.domid} needs to be cleaned up: destroying the domain`);
      this.#book.add(f, e.destroyAt, 'Done. Rebooting now');
    }
  }
}
