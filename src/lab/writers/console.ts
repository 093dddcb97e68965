/**
 * Guest console logs as xenconsoled writes them with `--timestamp=guest`: a `Logfile Opened`
 * line whenever it opens the file for a new domain instance, then the guest's bytes, each line
 * prefixed with dom0's local time; Linux kernel lines carry the guest's own uptime stamp and end
 * in a carriage return (the guest writes CR LF; xenconsoled keeps the CR), as in the real
 * capture. What a guest prints when it panics, hangs or soft-locks follows Linux 6.1's texts.
 */
import type { HostModel } from '../host-model.js';
import type { Prng } from '../prng.js';
import type { PanicFlavour, SimEvent } from '../simulate.js';
import type { LogBook } from './log-book.js';
import { consoleStamp, uptimeStamp } from './stamps.js';

export function consoleFile(domain: string): string {
  return `var/log/xen/console/guest-${domain}.log`;
}

const KERNEL = '6.1.0-28-amd64';
const KVERSION = '#1  Debian 6.1.119-1';
const BUILD =
  '(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)';

const TASKS: Record<string, readonly string[]> = {
  web: ['nginx', 'php-fpm8.2', 'jbd2/xvda-8'],
  db: ['postgres', 'jbd2/xvdb-8', 'kworker/u4:2'],
  cache: ['redis-server', 'jbd2/xvda-8'],
  app: ['java', 'jbd2/xvda-8'],
  batch: ['python3', 'jbd2/xvdb-8'],
  mail: ['postfix', 'jbd2/xvda-8'],
  build: ['cc1', 'make'],
  mon: ['prometheus'],
  analytics: ['java', 'kworker/u8:3'],
};

function hex16(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** Renders console lines for the events it concerns. One instance per generated tree. */
export class ConsoleWriter {
  readonly #host: HostModel;
  readonly #rng: Prng;
  readonly #book: LogBook;

  constructor(host: HostModel, rng: Prng, book: LogBook) {
    this.#host = host;
    this.#rng = rng;
    this.#book = book;
  }

  #role(domain: string): string {
    return this.#host.domains.find((d) => d.name === domain)?.role ?? 'app';
  }

  /** Kernel lines printed at wall time `t` starting at guest uptime `up`. */
  #kernel(domain: string, t: number, up: number, messages: readonly string[]): void {
    let u = up;
    const stamp = consoleStamp(t);
    for (const m of messages) {
      this.#book.add(consoleFile(domain), t, `${stamp}${uptimeStamp(u)}${m}\r`);
      u += 0.00005 + this.#rng.next() * 0.0009;
    }
  }

  #user(domain: string, t: number, text: string): void {
    this.#book.add(consoleFile(domain), t, `${consoleStamp(t)}${text}\r`);
  }

  #callTrace(frames: readonly string[]): string[] {
    return ['Call Trace:', ' <TASK>', ...frames.map((f) => ` ${f}`), ' </TASK>'];
  }

  #cpuLine(cpu: number, pid: number, comm: string): string {
    return `CPU: ${cpu} PID: ${pid} Comm: ${comm} Not tainted ${KERNEL} ${KVERSION}`;
  }

  #hungReport(task: string, pid: number, timeout: number): string[] {
    return [
      `INFO: task ${task}:${pid} blocked for more than ${timeout} seconds.`,
      `      Not tainted ${KERNEL} ${KVERSION}`,
      '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      `task:${task.padEnd(15)} state:D stack:0     pid:${String(pid).padEnd(5)} ppid:2      flags:0x00004000`,
      ...this.#callTrace([
        '__schedule+0x34d/0x9e0',
        'schedule+0x5a/0xd0',
        'io_schedule+0x42/0x70',
        'bit_wait_io+0xd/0x60',
        '__wait_on_bit+0x4b/0x150',
        'out_of_line_wait_on_bit+0x91/0xb0',
        'jbd2_journal_commit_transaction+0x16c7/0x1ad0 [jbd2]',
        'kjournald2+0xa9/0x280 [jbd2]',
        'kthread+0xda/0x100',
        'ret_from_fork+0x22/0x30',
      ]),
    ];
  }

  #panicTail(reason: string, cpu: number, pid: number, comm: string): string[] {
    return [
      `Kernel panic - not syncing: ${reason}`,
      this.#cpuLine(cpu, pid, comm),
      ...this.#callTrace([
        'dump_stack_lvl+0x44/0x5c',
        'panic+0x118/0x2f4',
        reason.startsWith('hung_task')
          ? 'watchdog+0x3f1/0x440'
          : reason.startsWith('softlockup')
            ? 'watchdog_timer_fn+0x1ee/0x220'
            : 'oops_end.cold+0xc/0x18',
        'kthread+0xda/0x100',
        'ret_from_fork+0x22/0x30',
      ]),
      // Xen's panic notifier kills a PV guest here: no end-of-panic line follows (real capture).
      'Kernel Offset: disabled',
    ];
  }

  render(e: SimEvent): void {
    const rng = this.#rng;
    switch (e.type) {
      case 'domain-create': {
        const spec = this.#host.domains.find((d) => d.name === e.domain)!;
        const f = consoleFile(e.domain);
        this.#book.add(f, e.introducedAt + 40, `${consoleStamp(e.introducedAt + 40)}Logfile Opened`);
        const memTop = spec.memoryMiB * 1024 * 1024 - 1;
        const hvm = spec.type === 'hvm';
        const early = e.kernelBootAt + 6000;
        const kb = (n: number) => Math.round(n);
        this.#kernel(e.domain, early, 0, [
          `Linux version ${KERNEL} ${BUILD}`,
          `Command line: root=/dev/xvda ro console=hvc0`,
          ...(hvm ? [] : ['ACPI in unprivileged domain disabled', 'Released 0 page(s)']),
          'BIOS-provided physical RAM map:',
          'Xen: [mem 0x0000000000000000-0x000000000009ffff] usable',
          'Xen: [mem 0x00000000000a0000-0x00000000000fffff] reserved',
          `Xen: [mem 0x0000000000100000-0x${hex16(memTop)}] usable`,
          'NX (Execute Disable) protection: active',
          `Hypervisor detected: Xen ${hvm ? 'HVM' : 'PV'}`,
        ]);
        this.#kernel(e.domain, early, 0.71 + rng.next() * 0.1, ['tsc: Detected 2394.452 MHz processor']);
        this.#kernel(e.domain, early, 2.1 + rng.next() * 0.1, [
          `smpboot: Allowing ${spec.vcpus} CPUs, 0 hotplug CPUs`,
          `Kernel command line: root=/dev/xvda ro console=hvc0`,
          `Memory: ${kb(spec.memoryMiB * 1024 * 0.94)}K/${kb(spec.memoryMiB * 1024 * 0.998)}K available (14343K kernel code, 2338K rwdata, 9132K rodata, 2824K init, 17344K bss, ${kb(spec.memoryMiB * 1024 * 0.058)}K reserved, 0K cma-reserved)`,
          'printk: console [hvc0] enabled',
        ]);
        this.#kernel(e.domain, e.kernelBootAt + 7000, 4.0 + rng.next() * 0.1, [
          'NET: Registered PF_NETLINK/PF_ROUTE protocol family',
        ]);
        this.#kernel(e.domain, e.kernelBootAt + 7000, 6.2 + rng.next() * 0.1, [
          'Freeing unused kernel image (initmem) memory: 2824K',
        ]);
        this.#kernel(e.domain, e.kernelBootAt + 8000, 7.3 + rng.next() * 0.1, ['Run /init as init process']);
        this.#kernel(
          e.domain,
          e.kernelBootAt + 9000,
          8.2 + rng.next() * 0.1,
          spec.disks.map(
            (d) =>
              `blkfront: ${d.vdev}: flush diskcache: enabled; persistent grants: enabled; indirect descriptors: enabled; bounce buffer: enabled`,
          ),
        );
        this.#kernel(e.domain, e.kernelBootAt + 9000, 8.45 + rng.next() * 0.05, [
          'xen_netfront: Initialising Xen virtual ethernet driver',
          'xen_netfront: backend supports XDP headroom',
        ]);
        this.#kernel(e.domain, e.kernelBootAt + 10000, 9.6 + rng.next() * 0.3, [
          'EXT4-fs (xvda): mounted filesystem with ordered data mode. Quota mode: none.',
        ]);
        this.#user(e.domain, e.kernelBootAt + 14000, `Debian GNU/Linux 12 ${e.domain} hvc0`);
        this.#user(e.domain, e.kernelBootAt + 14000, `${e.domain} login: `);
        return;
      }
      case 'hung-task': {
        const tasks = TASKS[this.#role(e.domain)] ?? ['kworker/u4:1'];
        const task = rng.pick(tasks);
        this.#kernel(e.domain, e.t, e.uptime, this.#hungReport(task, rng.int(90, 4000), e.timeoutSeconds));
        return;
      }
      case 'soft-lockup': {
        const comm = rng.pick(TASKS[this.#role(e.domain)] ?? ['kworker/0:1']);
        const pid = rng.int(90, 4000);
        this.#kernel(e.domain, e.t, e.uptime, [
          `watchdog: BUG: soft lockup - CPU#${e.cpu} stuck for ${e.seconds}s! [${comm}:${pid}]`,
          this.#cpuLine(e.cpu, pid, comm),
          ...this.#callTrace(['<IRQ>', 'xen_hypercall_sched_op+0xa/0x20', '</IRQ>']),
        ]);
        return;
      }
      case 'panic': {
        const role = this.#role(e.domain);
        const cpu = rng.int(0, 1);
        const lines: string[] = [];
        const flavour: PanicFlavour | 'init' =
          e.flavour === 'random' ? rng.pick(['oops', 'ext4', 'init'] as const) : e.flavour;
        if (e.hungSeconds > 0 && flavour !== 'lockup') {
          // The guest hung first; khungtaskd panics it (kernel.hung_task_panic=1).
          const timeout = Math.max(10, Math.floor(e.hungSeconds / 10) * 10);
          lines.push(
            ...this.#hungReport(rng.pick(TASKS[role] ?? ['kworker/u4:1']), rng.int(90, 4000), timeout),
          );
          lines.push(...this.#panicTail('hung_task: blocked tasks', cpu, 38, 'khungtaskd'));
        } else if (flavour === 'lockup') {
          const comm = rng.pick(TASKS[role] ?? ['kworker/0:1']);
          const pid = rng.int(90, 4000);
          lines.push(
            `watchdog: BUG: soft lockup - CPU#${cpu} stuck for ${Math.max(22, e.hungSeconds)}s! [${comm}:${pid}]`,
          );
          lines.push(...this.#panicTail('softlockup: hung tasks', cpu, pid, comm));
        } else if (flavour === 'ext4') {
          lines.push(
            'EXT4-fs error (device xvda): ext4_journal_check_start:83: comm kworker/u4:2: Detected aborted journal',
          );
          lines.push(
            ...this.#panicTail('EXT4-fs (device xvda): panic forced after error', cpu, 1187, 'kworker/u4:2'),
          );
        } else if (flavour === 'init') {
          const pid = 1;
          lines.push(
            `init[1]: segfault at 0 ip 00000000004a4d02 sp 00007ffe8a2e2898 error 4 in systemd[401000+184000] likely on CPU ${cpu} (core ${cpu}, socket 0)`,
          );
          lines.push(...this.#panicTail('Attempted to kill init! exitcode=0x0000000b', cpu, pid, 'systemd'));
        } else {
          lines.push('BUG: kernel NULL pointer dereference, address: 0000000000000008');
          lines.push('#PF: supervisor read access in kernel mode');
          lines.push('#PF: error_code(0x0000) - not-present page');
          lines.push('Oops: 0000 [#1] PREEMPT SMP NOPTI');
          lines.push(this.#cpuLine(cpu, 0, 'swapper/0'));
          lines.push('RIP: e030:xennet_poll+0x3a1/0xd70 [xen_netfront]');
          lines.push(...this.#panicTail('Fatal exception in interrupt', cpu, 0, 'swapper/0'));
        }
        this.#kernel(e.domain, e.t, e.uptime, lines);
        return;
      }
      default:
        return;
    }
  }
}
