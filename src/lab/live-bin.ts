/**
 * The `bin/xentop` and `bin/xl` executables of the live tree: small self-contained Node scripts
 * that read the live state file and print what the real tools print (reference §1, §2.2–2.5).
 * They are plain JavaScript text because they run outside this package; the live test checks
 * their output against the real capture's shapes, so they cannot drift from the writers.
 */

/** Path of the state file relative to the tree root; the scripts find it from their own path. */
export const STATE_REL = 'run/xenscope-lab/state.json';

const PRELUDE = `#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const STATE = path.join(__dirname, '..', ${JSON.stringify(STATE_REL)});
// Like the real tools, die quietly when the reader goes away (| head).
process.stdout.on('error', () => process.exit(0));
function readState() {
  try {
    return JSON.parse(fs.readFileSync(STATE, 'utf8'));
  } catch (e) {
    return null;
  }
}
`;

export const XENTOP_SCRIPT = `${PRELUDE}
// xentop -b [-n] [-x] [-f] [-d N] [-i N]: batch output only (the lab has no curses screen).
const args = process.argv.slice(2);
let batch = false, nets = false, vbds = false, full = false, delay = 3, iterations = Infinity;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-b' || a === '--batch') batch = true;
  else if (a === '-n' || a === '--networks') nets = true;
  else if (a === '-x' || a === '--vbds') vbds = true;
  else if (a === '-f' || a === '--full-name') full = true;
  else if (a === '-d' || a === '--delay') delay = parseInt(args[++i], 10);
  else if (a.startsWith('--delay=')) delay = parseInt(a.slice(8), 10);
  else if (a === '-i' || a === '--iterations') iterations = parseInt(args[++i], 10);
  else if (a.startsWith('--iterations=')) iterations = parseInt(a.slice(13), 10);
  else if (/^-[bnxf]+$/.test(a)) { batch ||= a.includes('b'); nets ||= a.includes('n'); vbds ||= a.includes('x'); full ||= a.includes('f'); }
  else if (a === '-r' || a === '-v' || a === '-z') {}
  else { process.stderr.write('xentop: invalid option -- ' + a + '\\n'); process.exit(1); }
}
if (!batch) { process.stderr.write('xentop: the xenscope lab only supports batch mode (-b)\\n'); process.exit(1); }
const TITLES = ['NAME','STATE','CPU(sec)','CPU(%)','MEM(k)','MEM(%)','MAXMEM(k)','MAXMEM(%)','VCPUS','NETS','NETTX(k)','NETRX(k)','VBDS','VBD_OO','VBD_RD','VBD_WR','VBD_RSECT','VBD_WSECT','SSID'];
const widths = [10,6,10,6,10,6,10,9,5,4,8,8,4,8,8,8,10,10,4];
const GROWS = [0,10,11,14,15,16,17];
const fl = (x) => String(Math.floor(x));
const pad = (s, w) => s.padStart(w);
let prev = new Map();
let prevT = null;
function iteration(st) {
  if (!st) { process.stderr.write('Failed to retrieve statistics from libxenstat\\n'); process.exit(1); }
  const elapsed = prevT === null ? 0 : (st.t - prevT) / 1000;
  const rows = [];
  for (const d of st.domains) {
    const p = prev.get(d.name);
    let pct = 0;
    if (prevT !== null && p && p.domid === d.domid && elapsed > 0) pct = Math.max(0, ((d.cpuSeconds - p.cpu) / elapsed) * 100);
    prev.set(d.name, { domid: d.domid, cpu: d.cpuSeconds });
    let tx = 0, rx = 0, oo = 0, rd = 0, wr = 0, rs = 0, ws = 0;
    for (const v of d.vifs) { tx += v.txBytes; rx += v.rxBytes; }
    for (const v of d.vbds) { oo += Math.floor(v.oo); rd += Math.floor(v.rd); wr += Math.floor(v.wr); rs += Math.floor(v.rsect); ws += Math.floor(v.wsect); }
    const f = [full ? d.name : d.name.slice(0, 10), d.flags, fl(d.cpuSeconds), pct.toFixed(1), String(d.memKiB),
      ((d.memKiB / st.hostMemKiB) * 100).toFixed(1), String(d.maxmemKiB), ((d.maxmemKiB / st.hostMemKiB) * 100).toFixed(1),
      String(d.vcpus), String(d.vifs.length), fl(tx / 1024), fl(rx / 1024), String(d.vbds.length),
      String(oo), String(rd), String(wr), String(rs), String(ws), '0'];
    rows.push([f, d]);
  }
  prevT = st.t;
  for (const [f] of rows) for (const c of GROWS) { if (c === 0 && !full) continue; if (f[c].length > widths[c]) widths[c] = f[c].length; }
  const out = [TITLES.map((t, i) => pad(t, widths[i])).join(' ')];
  for (const [f, d] of rows) {
    out.push(f.map((x, i) => pad(x, widths[i])).join(' '));
    if (nets) d.vifs.forEach((v, i) => out.push('Net' + i + ' RX: ' + pad(fl(v.rxBytes), 8) + 'bytes ' + pad(fl(v.rxPkts), 8) + 'pkts ' + pad('0', 8) + 'err ' + pad(fl(v.rxDrop), 8) + 'drop  TX: ' + pad(fl(v.txBytes), 8) + 'bytes ' + pad(fl(v.txPkts), 8) + 'pkts ' + pad('0', 8) + 'err ' + pad(fl(v.txDrop), 8) + 'drop'));
    if (vbds) for (const v of d.vbds) out.push('VBD BlkBack ' + pad(String(v.devid), 4) + ' [' + pad((v.devid >> 8).toString(16), 2) + ':' + pad((v.devid & 255).toString(16), 2) + ']  OO: ' + pad(fl(v.oo), 8) + '   RD: ' + pad(fl(v.rd), 8) + '   WR: ' + pad(fl(v.wr), 8) + '   RSECT: ' + pad(fl(v.rsect), 10) + '   WSECT: ' + pad(fl(v.wsect), 10));
  }
  process.stdout.write(out.join('\\n') + '\\n');
}
let n = 0;
// The simulation writes a new state every interval; wait briefly for a fresh one rather than
// print an iteration with no time elapsed.
function loop(retries) {
  const st = readState();
  if (st && prevT !== null && st.t === prevT && retries > 0) { setTimeout(() => loop(retries - 1), 100); return; }
  iteration(st);
  n++;
  if (n >= iterations) return;
  setTimeout(() => loop(30), Math.max(0, delay) * 1000);
}
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
loop(0);
`;

export const XL_SCRIPT = `${PRELUDE}
const args = process.argv.slice(2);
const st = readState();
function fail(msg, code = 1) { process.stderr.write(msg + '\\n'); process.exit(code); }
if (!st) fail('libxl: error: libxl.c:102:libxl_ctx_alloc: cannot open libxc handle: Permission denied');
const cmd = args[0];
const domains = st.domains.slice().sort((a, b) => a.domid - b.domid);
function listState(flags) {
  // xentop flags (d s b c p r) to xl list's (r b p s <reason> d).
  const crashed = flags[3] === 'c';
  const shut = flags[1] === 's' || crashed;
  const reason = crashed ? 'c' : flags[1] === 's' ? 'w' : '-';
  return (flags[5] === 'r' ? 'r' : '-') + (flags[2] === 'b' ? 'b' : '-') + (flags[4] === 'p' ? 'p' : '-') + (shut ? 's' : '-') + (shut ? reason : '-') + (flags[0] === 'd' ? 'd' : '-');
}
switch (cmd) {
  case 'list': {
    const rest = args.slice(1);
    const long = rest.includes('-l') || rest.includes('--long');
    const names = rest.filter((a) => !a.startsWith('-'));
    let sel = domains;
    if (names.length > 0) {
      sel = domains.filter((d) => names.includes(d.name) || names.includes(String(d.domid)));
      const missing = names.find((n) => !domains.some((d) => d.name === n || String(d.domid) === n));
      if (missing) fail("Error: Domain '" + missing + "' does not exist.");
    }
    if (long) {
      process.stdout.write(JSON.stringify(sel.map((d) => ({ domid: d.domid, config: d.config })), null, 4) + '\\n');
      break;
    }
    const out = ['Name                                        ID   Mem VCPUs\\tState\\tTime(s)'];
    for (const d of sel) {
      out.push(d.name.padEnd(40) + ' ' + String(d.domid).padStart(5) + ' ' + String(Math.floor(d.memKiB / 1024)).padStart(5) + ' ' + String(d.vcpus).padStart(5) + '     ' + listState(d.flags) + '  ' + d.cpuSeconds.toFixed(1).padStart(8));
    }
    process.stdout.write(out.join('\\n') + '\\n');
    break;
  }
  case 'info':
    process.stdout.write(st.xlInfo);
    break;
  case 'dmesg':
    if (args.slice(1).some((a) => a === '-c' || a === '--clear')) {
      fail('xl dmesg -c is refused in the xenscope lab: clearing the hypervisor console ring destroys crash evidence.');
    }
    process.stdout.write(st.dmesg.map((l) => l + '\\n').join(''));
    break;
  case undefined:
  case 'help':
    process.stdout.write('Usage xl [-vfNtT] <subcommand> [args]\\n\\nThe xenscope lab implements: list [-l] [domain...], info, dmesg\\n');
    break;
  default:
    fail("'" + cmd + "' is not simulated: the xenscope lab's xl answers list, list -l, info and dmesg");
}
`;
