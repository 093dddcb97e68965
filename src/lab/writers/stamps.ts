/**
 * The time stamps each real writer uses, all in UTC (the lab's dom0 runs in UTC, so
 * xenconsoled's local time and rsyslog's offset are UTC too).
 */

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** xenconsoled `--timestamp`: `[YYYY-MM-DD HH:MM:SS] ` (dom0 local time). */
export function consoleStamp(ms: number): string {
  const d = new Date(ms);
  return `[${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}] `;
}

/** The kernel's `[%5lu.%06lu] ` uptime stamp. */
export function uptimeStamp(seconds: number): string {
  const micros = Math.max(0, Math.round(seconds * 1e6));
  const whole = Math.floor(micros / 1e6);
  const frac = micros - whole * 1e6;
  return `[${String(whole).padStart(5)}.${String(frac).padStart(6, '0')}] `;
}

/** Debian 12 rsyslog (`RSYSLOG_FileFormat`): `2026-05-11T00:00:02.711776+00:00`. */
export function rfc3339Micro(ms: number, micros: number): string {
  const d = new Date(ms);
  const us = String(d.getUTCMilliseconds() * 1000 + (micros % 1000)).padStart(6, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${us}+00:00`;
}

/** oxenstored's access log: `[20261126T12:28:08.128Z]`. */
export function xenstoredStamp(ms: number): string {
  const d = new Date(ms);
  return `[${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z]`;
}

/** `date -Iseconds` in UTC: `2026-05-11T00:00:05+00:00`. */
export function isoSeconds(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

/** iostat with `S_TIME_FORMAT=ISO`: `2026-05-11T00:00:05+0000`. */
export function iostatStamp(ms: number): string {
  return `${isoSeconds(ms).slice(0, -6)}+0000`;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
