/**
 * `lvs -a -o +devices` (LVM2 2.03, as in the real capture): two leading spaces, columns padded
 * to their widest entry, headings left-aligned, LSize right-aligned, Devices `/dev/sdX(extent)`.
 */
import type { HostModel } from '../host-model.js';

const MID = ['Pool', 'Origin', 'Data%', 'Meta%', 'Move', 'Log', 'Cpy%Sync', 'Convert'];
const MID_WIDTHS = [4, 6, 6, 6, 4, 3, 8, 7];

function size(gib: number): string {
  return `${gib.toFixed(2)}g`;
}

export function renderLvs(h: HostModel): string {
  const rows = h.lvs
    .slice()
    .sort((a, b) => a.vg.localeCompare(b.vg) || a.name.localeCompare(b.name))
    .map((lv) => ({
      lv: lv.name,
      vg: lv.vg,
      attr: '-wi-ao----',
      lsize: size(lv.sizeGiB),
      dev: `/dev/${lv.pv}(${lv.extentStart})`,
    }));
  const wLv = Math.max(2, ...rows.map((r) => r.lv.length));
  const wVg = Math.max(2, ...rows.map((r) => r.vg.length));
  const wSize = Math.max(5, ...rows.map((r) => r.lsize.length));
  const wDev = Math.max(7, ...rows.map((r) => r.dev.length));
  const mid = MID.map((m, i) => m.padEnd(MID_WIDTHS[i]!)).join(' ');
  const blank = MID_WIDTHS.map((w) => ''.padEnd(w)).join(' ');
  const out = [
    `  ${'LV'.padEnd(wLv)} ${'VG'.padEnd(wVg)} ${'Attr'.padEnd(10)} ${'LSize'.padEnd(wSize)} ${mid} ${'Devices'.padEnd(wDev)}`,
  ];
  for (const r of rows) {
    out.push(
      `  ${r.lv.padEnd(wLv)} ${r.vg.padEnd(wVg)} ${r.attr} ${r.lsize.padStart(wSize)} ${blank} ${r.dev.padEnd(wDev)}`,
    );
  }
  return `${out.join('\n')}\n`;
}
