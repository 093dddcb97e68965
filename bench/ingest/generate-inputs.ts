/**
 * Generated inputs for the ingest benchmark, written as real-format files: Debian 12 rsyslog
 * (RFC 3339) kernel/daemon lines with a realistic share of Xen backend messages, and a xentop
 * capture loop (`-n -x -f` with a `date` line per iteration) of 50 domains.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const MESSAGES = [
  'kernel: [{up}] xenbr0: port 3(vif{d}.0) entered forwarding state',
  'kernel: [{up}] vif vif-{d}-0 vif{d}.0: Guest Rx ready',
  'kernel: [{up}] xen-blkback: backend/vbd/{d}/51712: using 2 queues, protocol 1 (x86_64-abi) persistent grants',
  'systemd[1]: Started session-{d}.scope - Session {d} of User root.',
  'sshd[{pid}]: Accepted publickey for root from 10.0.0.{d} port 5{pid} ssh2: ED25519 SHA256:abc',
  'cron[{pid}]: (root) CMD (/usr/local/bin/backup --quiet)',
  'root: /etc/xen/scripts/vif-bridge: online type_if=vif XENBUS_PATH=backend/vif/{d}/0',
  'kernel: [{up}] EXT4-fs (dm-{d}): mounted filesystem with ordered data mode. Quota mode: none.',
  'xenconsoled[812]: Logfile Opened for domain {d}',
  'kernel: [{up}] vif vif-{d}-0 vif{d}.0: Guest Rx stalled',
];

async function writeLines(path: string, gen: () => Generator<string>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  let buf = '';
  for (const line of gen()) {
    buf += `${line}\n`;
    n++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return n;
}

export function syslogLines(count: number, t0: number): Generator<string> {
  return (function* () {
    let seed = 7;
    for (let i = 0; i < count; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const ts = t0 + i * 10;
      const iso = new Date(ts).toISOString().replace('Z', '000+00:00');
      const up = ((ts - t0) / 1000 + 1000).toFixed(6).padStart(12, ' ');
      // The high bits: an LCG modulo 2^32 has short cycles in its low bits (seed % 10 would
      // visit only half of the templates).
      const m = MESSAGES[(seed >>> 16) % MESSAGES.length]!.replaceAll('{up}', up)
        .replaceAll('{d}', String((seed >>> 8) % 60))
        .replaceAll('{pid}', String(1000 + ((seed >>> 4) % 9000)));
      yield `${iso} dom0-bench ${m}`;
    }
  })();
}

export function writeSyslog(path: string, count: number, t0: number): Promise<number> {
  return writeLines(path, () => syslogLines(count, t0));
}

const HEADER =
  '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';

/** A capture of `iterations` × `domains` rows (each with one Net and one VBD sub-line). */
export function xentopLines(
  iterations: number,
  domains: number,
  t0: number,
  intervalS: number,
): Generator<string> {
  return (function* () {
    const names = Array.from({ length: domains }, (_, d) => `guest${String(d).padStart(2, '0')}`);
    for (let it = 0; it < iterations; it++) {
      yield new Date(t0 + it * intervalS * 1000).toISOString().replace('.000Z', '+00:00');
      yield HEADER;
      for (let d = 0; d < domains; d++) {
        const k = it * (d + 1);
        const rd = 100 * k;
        const wr = 70 * k;
        yield `${names[d]!.padStart(10)} --b---${String(10 + it).padStart(11)}${(it === 0 ? 0 : 12.5).toFixed(1).padStart(7)}${'1048576'.padStart(11)}    3.1${'2097152'.padStart(11)}       6.2     2    1${String(k * 3).padStart(9)}${String(k * 2).padStart(9)}    1        0${String(rd).padStart(9)}${String(wr).padStart(9)}${String(rd * 8).padStart(11)}${String(wr * 8).padStart(11)}    0`;
        yield `Net0 RX: ${String(k * 2048).padStart(8)}bytes ${String(k * 20).padStart(8)}pkts        0err        0drop  TX: ${String(k * 3072).padStart(8)}bytes ${String(k * 30).padStart(8)}pkts        0err        0drop`;
        yield `VBD BlkBack 51712 [ca: 0]  OO:        0   RD: ${String(rd).padStart(8)}   WR: ${String(wr).padStart(8)}   RSECT: ${String(rd * 8).padStart(10)}   WSECT: ${String(wr * 8).padStart(10)}`;
      }
    }
  })();
}

export function writeXentop(path: string, iterations: number, domains: number, t0: number): Promise<number> {
  return writeLines(path, () => xentopLines(iterations, domains, t0, 5));
}
