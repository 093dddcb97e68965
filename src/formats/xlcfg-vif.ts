/**
 * One `vif = [ ... ]` element (reference §3.5), read as xl 4.17's `parse_nic_config` and
 * libxlutil's `xlu_vif_parse_rate` read it: `strtok` on commas (empty items vanish), leading
 * spaces (not tabs) dropped, trailing blanks kept, keys matched as `key=` prefixes. Unknown items
 * and a bad `mac`/`type` are only printed by xl; a bad `rate`, `devid` or `mtu` stops `xl create`.
 */
import type { VifRate, VifSpec } from '../model/config.js';

export interface VifIssue {
  readonly message: string;
  readonly xlWouldReject: boolean;
}

export interface VifParse {
  readonly spec: VifSpec;
  readonly issues: readonly VifIssue[];
}

const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** C `strtoull(s, &p, 0)` over a string already known to start with a digit: value and length. */
function strtoullBase0(s: string): { value: bigint; length: number; overflow: boolean } {
  let i = 0;
  let base = 10n;
  let digits = '0123456789';
  if (s[0] === '0') {
    // A leading 0 means octal; `0x` cannot occur (the regexes admit no `x`).
    base = 8n;
    digits = '01234567';
  }
  let v = 0n;
  let overflow = false;
  while (i < s.length && digits.includes(s[i]!)) {
    v = v * base + BigInt(s.charCodeAt(i) - 48);
    if (v > U64_MAX) overflow = true;
    i++;
  }
  return { value: overflow ? U64_MAX : v, length: i, overflow };
}

function fail(msg: string, what: string): RateResult {
  return { ok: false, message: `config parsing error in vif: ${msg} in \`${what}'` };
}

export type RateResult = { ok: true; rate: VifRate } | { ok: false; message: string };

/** `rate=RATE/s[@INTERVAL]` → bytes per interval and interval, exactly as libxlutil computes them. */
export function parseVifRate(rate: string): RateResult {
  const at = rate.indexOf('@');
  const bytes = at >= 0 ? rate.slice(0, at) : rate;
  const interval = at >= 0 ? rate.slice(at + 1) : null;
  if (bytes === '') return fail('no rate specified', rate);
  if (!/^[0-9]+[GMK]?[Bb]\/s$/.test(bytes)) return fail('invalid rate', bytes);
  const b = strtoullBase0(bytes);
  if (b.value === 0n || b.value > U32_MAX || b.overflow) return fail('rate overflow', bytes);
  let bytesPerSec = b.value;
  const p = bytes.slice(b.length);
  if (p[0] === 'G') bytesPerSec *= 1_000_000_000n;
  else if (p[0] === 'M') bytesPerSec *= 1_000_000n;
  else if (p[0] === 'K') bytesPerSec *= 1000n;
  if (p[0] === 'b' || p[1] === 'b') bytesPerSec /= 8n;
  let usecs = 50_000n;
  if (interval !== null) {
    if (!/^[0-9]+[mu]?s?$/.test(interval)) return fail('invalid replenishment interval', interval);
    const iv = strtoullBase0(interval);
    if (iv.value === 0n || iv.value > U32_MAX || iv.overflow)
      return fail('replenishment interval overflow', interval);
    let v = iv.value;
    const q = interval.slice(iv.length);
    if (q[0] === 's' || q.length === 0) v *= 1_000_000n;
    else if (q[0] === 'm') v *= 1000n;
    if (v > U32_MAX) return fail('replenishment interval overflow', interval);
    usecs = v;
  }
  if (usecs !== 0n && bytesPerSec > U64_MAX / usecs) return fail('rate overflow', rate);
  const perInterval = (bytesPerSec * usecs) / 1_000_000n;
  return {
    ok: true,
    rate: { bytesPerInterval: Number(perInterval), intervalUsecs: Number(usecs), text: rate },
  };
}

/** A hex digit's value, -1 for any other character. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** C's `isspace`: space, \t, \n, \v, \f, \r. */
const isCSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Every octet as xl prints it (`%02x`), made once. */
const HEX_OCTETS: readonly string[] = Array.from({ length: 256 }, (_, o) => o.toString(16).padStart(2, '0'));

/** C `strtoul(s, &end, 16)` as xl uses it for MAC octets: value and characters consumed (0: none). */
function strtoulHex(s: string, at: number): { value: number; length: number } {
  let i = at;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sign = s.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    neg = sign === 45;
    i++;
  }
  if (
    s.charCodeAt(i) === 48 /* 0 */ &&
    (s.charCodeAt(i + 1) === 120 || s.charCodeAt(i + 1) === 88) /* x X */ &&
    hexDigit(s.charCodeAt(i + 2)) >= 0
  )
    i += 2;
  const from = i;
  let v = 0;
  for (; i < s.length; i++) {
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0) break;
    v = Math.min(v * 16 + d, Number.MAX_SAFE_INTEGER);
  }
  if (i === from) return { value: 0, length: 0 };
  // A negative value wraps to a huge unsigned one, which is > 255 either way.
  return { value: neg && v !== 0 ? 256 : v, length: i - at };
}

/** xl's MAC reading: six hex numbers, each followed by any one separator. Null when xl rejects it. */
export function parseMac(text: string): string | null {
  const octets: string[] = [];
  let at = 0;
  for (let k = 0; k < 6; k++) {
    // Past the end xl reads whatever follows the item in its buffer: we call that invalid.
    if (at > text.length) return null;
    const r = strtoulHex(text, at);
    if (r.length === 0 || r.value > 255) return null;
    octets.push(HEX_OCTETS[r.value]!);
    at += r.length + 1;
  }
  // `join` gives one flat string, which is kept (and compared) for every vif of a fleet.
  return octets.join(':');
}

/** C `strtoul(s, &end, 10)` for `devid=`/`mtu=`: null when xl says "failed to convert". */
function parseUlong(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return null;
  const v = BigInt(m[2]!);
  // Out of range gives ULONG_MAX, which xl refuses like a conversion failure; `-n` wraps around.
  if (v > U64_MAX) return null;
  const u = m[1] === '-' ? (U64_MAX + 1n - v) & U64_MAX : v;
  return u === U64_MAX ? null : Number(u);
}

const STRING_KEYS = ['bridge', 'gatewaydev', 'ip', 'script', 'backend', 'vifname', 'model'] as const;
type StringKey = (typeof STRING_KEYS)[number];
const COLO_KEYS = [
  'forwarddev',
  'colo_sock_mirror_id',
  'colo_sock_mirror_ip',
  'colo_sock_mirror_port',
  'colo_sock_compare_sec_in_id',
  'colo_sock_compare_sec_in_ip',
  'colo_sock_compare_sec_in_port',
  'colo_sock_redirector0_id',
  'colo_sock_redirector0_ip',
  'colo_sock_redirector0_port',
  'colo_sock_redirector1_id',
  'colo_sock_redirector1_ip',
  'colo_sock_redirector1_port',
  'colo_sock_redirector2_id',
  'colo_sock_redirector2_ip',
  'colo_sock_redirector2_port',
  'colo_sock_compare_pri_in_id',
  'colo_sock_compare_pri_in_ip',
  'colo_sock_compare_pri_in_port',
  'colo_sock_compare_notify_id',
  'colo_sock_compare_notify_ip',
  'colo_sock_compare_notify_port',
  'colo_filter_mirror_queue',
  'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue',
  'colo_filter_redirector0_indev',
  'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue',
  'colo_filter_redirector1_indev',
  'colo_filter_redirector1_outdev',
  'colo_compare_pri_in',
  'colo_compare_sec_in',
  'colo_compare_out',
  'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id',
  'colo_sock_sec_redirector0_ip',
  'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id',
  'colo_sock_sec_redirector1_ip',
  'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue',
  'colo_filter_sec_redirector0_indev',
  'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue',
  'colo_filter_sec_redirector1_indev',
  'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue',
  'colo_checkpoint_host',
  'colo_checkpoint_port',
];

const STRING_KEY_SET: ReadonlySet<string> = new Set(STRING_KEYS);
const COLO_KEY_SET: ReadonlySet<string> = new Set(COLO_KEYS);

function say(issues: VifIssue[], errors: string[], message: string, xlWouldReject: boolean): void {
  issues.push({ message, xlWouldReject });
  errors.push(message);
}

/** `ip=` holds addresses separated by blanks; one address (no blank) needs no split. */
function ipsOf(ip: string): readonly string[] {
  if (!BLANK_RE.test(ip)) return ip === '' ? NO_IPS : [ip];
  const ips = ip.split(/\s+/).filter((s) => s !== '');
  return ips.length === 0 ? NO_IPS : ips;
}

const BLANK_RE = /\s/;

/** What most vifs have: no other keys, no errors. Shared, frozen and read-only (as typed). */
const NO_OTHERS: Readonly<Record<string, string>> = Object.freeze({});
const NO_ERRORS: readonly string[] = Object.freeze([]);
const NO_IPS: readonly string[] = Object.freeze([]);

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Reads one vif spec; `index` is its position in the list (its default devid). */
export function parseVifSpec(raw: string, index: number): VifParse {
  const issues: VifIssue[] = [];
  const str: Record<StringKey, string | null> = {
    bridge: null,
    gatewaydev: null,
    ip: null,
    script: null,
    backend: null,
    vifname: null,
    model: null,
  };
  let mac: string | null = null;
  let macNormalized: string | null = null;
  let type: string | null = null;
  let rate: VifRate | null = null;
  let devid = index;
  let mtu: number | null = null;
  const others: Record<string, string> = {};
  const errors: string[] = [];

  for (const piece of raw.split(',')) {
    if (piece === '') continue; // strtok skips empty tokens
    let lead = 0;
    while (piece.charCodeAt(lead) === 32) lead++;
    const token = lead === 0 ? piece : piece.slice(lead);
    const eq = token.indexOf('=');
    const key = eq >= 0 ? token.slice(0, eq) : null;
    const value = eq >= 0 ? token.slice(eq + 1) : '';
    if (key === 'type') {
      type = value;
      if (value !== 'vif' && value !== 'ioemu') say(issues, errors, "Invalid parameter `type'.", false);
    } else if (key === 'mac') {
      mac = value;
      macNormalized = parseMac(value);
      if (macNormalized === null) say(issues, errors, "Invalid parameter `mac'.", false);
    } else if (key === 'netdev') {
      say(issues, errors, 'the netdev parameter is deprecated, please use gatewaydev instead', false);
      str.gatewaydev = value;
    } else if (key !== null && STRING_KEY_SET.has(key)) {
      str[key as StringKey] = value;
    } else if (key === 'rate') {
      const r = parseVifRate(value);
      if (r.ok) rate = r.rate;
      else say(issues, errors, r.message, true);
    } else if (key !== null && COLO_KEY_SET.has(key)) {
      others[key] = value;
    } else if (key === 'accel') {
      others.accel = value;
      say(issues, errors, 'the accel parameter for vifs is currently not supported', false);
    } else if (key === 'devid' || key === 'mtu') {
      const v = parseUlong(value);
      if (v === null) say(issues, errors, `xl: failed to convert "${value}" to number`, true);
      else if (key === 'devid') devid = v;
      else mtu = v;
    } else if (token === 'trusted' || token === 'untrusted') {
      others.trusted = token === 'trusted' ? '1' : '0';
    } else {
      say(issues, errors, `unrecognized argument \`${token}'`, false);
    }
  }
  const ip = str.ip;
  return {
    spec: {
      mac,
      macNormalized,
      bridge: str.bridge,
      ip,
      ips: ip === null ? NO_IPS : ipsOf(ip),
      script: str.script,
      vifname: str.vifname,
      type,
      model: str.model,
      rate,
      backend: str.backend,
      gatewaydev: str.gatewaydev,
      devid,
      mtu,
      others: hasKeys(others) ? others : NO_OTHERS,
      raw,
      errors: errors.length === 0 ? NO_ERRORS : errors,
    },
    issues,
  };
}
