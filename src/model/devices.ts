/**
 * Stable device names (design.md, "Records"): a VBD by its virtual device name decoded from the
 * xenstore devid (reference §4.1), a vif by `net<devid>`.
 */

function diskLetters(disk: number): string {
  // Bijective base 26: a = 0 … z = 25, aa = 26 …
  let n = disk + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(97 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function lettersToDisk(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 96);
  return n - 1;
}

/** 51712 → `xvda`, 51713 → `xvda1`, 2048 → `sda`, 768 → `hda`; unknown encodings → `vbd<devid>`. */
export function vdevName(devid: number): string {
  const part = (p: number) => (p === 0 ? '' : String(p));
  if (devid >= 1 << 28 && devid < 1 << 29) {
    const disk = (devid >> 8) & 0xfffff;
    return `xvd${diskLetters(disk)}${part(devid & 0xff)}`;
  }
  const major = devid >> 8;
  const minor = devid & 0xff;
  if (major === 202) return `xvd${diskLetters(minor >> 4)}${part(minor & 15)}`;
  if (major === 8) return `sd${diskLetters(minor >> 4)}${part(minor & 15)}`;
  if (major === 3) return `hd${diskLetters(minor >> 6)}${part(minor & 63)}`;
  if (major === 22) return `hd${diskLetters((minor >> 6) + 2)}${part(minor & 63)}`;
  return `vbd${devid}`;
}

/** `xvda` → 51712, `xvdq` → 268439552, `hdc` → 5632, `51712` → 51712; null if not a vdev. */
export function vdevToDevid(vdev: string): number | null {
  if (/^\d+$/.test(vdev)) return Number(vdev);
  const m = /^(xvd|hd|sd)([a-z]+)(\d*)$/.exec(vdev.replace(/^\/dev\//, ''));
  if (m) {
    const [, kind, letters, p] = m;
    const disk = lettersToDisk(letters!);
    const partition = p ? Number(p) : 0;
    if (kind === 'xvd') {
      if (disk < 16 && partition < 16) return (202 << 8) | (disk << 4) | partition;
      return (1 << 28) | (disk << 8) | partition;
    }
    if (kind === 'sd') return disk < 16 && partition < 16 ? (8 << 8) | (disk << 4) | partition : null;
    if (kind === 'hd') {
      if (partition >= 64) return null;
      if (disk < 2) return (3 << 8) | (disk << 6) | partition;
      if (disk < 4) return (22 << 8) | ((disk - 2) << 6) | partition;
    }
    return null;
  }
  const d = /^d(\d+)p(\d+)$/.exec(vdev);
  if (d) return (1 << 28) | (Number(d[1]) << 8) | Number(d[2]);
  return null;
}

/** A vif's stable name from its devid. */
export function vifName(devid: number): string {
  return `net${devid}`;
}

/** `vif3.0` / `vif-3-0` → {domid 3, devid 0}. */
export function parseVifDevName(name: string): { domid: number; devid: number } | null {
  const m = /^vif(?:(\d+)\.(\d+)|-(\d+)-(\d+))$/.exec(name);
  if (!m) return null;
  return m[1] !== undefined
    ? { domid: Number(m[1]), devid: Number(m[2]) }
    : { domid: Number(m[3]), devid: Number(m[4]) };
}

/** `vbd-3-51712` → {domid 3, devid 51712}. */
export function parseVbdDevName(name: string): { domid: number; devid: number } | null {
  const m = /^(?:vbd|tap|vbd3)-(\d+)-(\d+)$/.exec(name);
  return m ? { domid: Number(m[1]), devid: Number(m[2]) } : null;
}
