/**
 * An `ls -l` of dom0's `/dev/mapper/` and `/dev/<vg>/` (or of single nodes): block devices with
 * their `major, minor` and the LV symlinks (`domu1-disk -> /dev/mapper/vg0-domu1--disk`, or
 * `../dm-0` on udev hosts). Topology uses it to turn blkback's `physical_device` (253:0) and
 * `/dev/dm-N` back into an LV. `ls -l a b` prints a `/dev/mapper/:` heading before each folder's
 * entries; without one, names stay as listed.
 */
import type { ParseContext, Parser } from '../model/parser.js';
import { diag, parseWhole } from '../model/parser.js';
import type { ParseResult } from '../model/records.js';
import type { DevNodeRecord } from '../model/topology.js';
import { readAnnotation } from './capture-annotations.js';

/**
 * `brw-rw---- 1 root disk 253,   0 Nov 26 12:26 vg0-domu1--disk` (also `--time-style` dates, ACL
 * `+`/SELinux `.` after the mode, numeric owners). Groups: type, major, minor | size, rest.
 */
const ENTRY_RE = /^([-bcdlps])[-rwxsStT]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+(?:(\d+),\s*(\d+)|(\d+))\s+(.+)$/;
/** The date in front of the name: `Nov 26 12:26`, `Nov 26  2025`, `2026-11-26 12:26[:ss.nnn +0000]`. */
const DATE_RE =
  /^(?:[A-Z][a-z]{2}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})|\d{4}-\d{2}-\d{2}(?:\s+\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s+[+-]\d{4})?)?)\s+(.+)$/;
const DIR_RE = /^(\/\S*?)\/?:\s*$/;

/** Joins `rel` onto `dir` and folds `.`/`..` (pure text: never asks the running machine). */
export function joinDevPath(dir: string, rel: string): string {
  const parts = (rel.startsWith('/') ? rel : `${dir}/${rel}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

function parseText(lines: readonly string[], ctx: ParseContext): ParseResult<DevNodeRecord>[] {
  const out: ParseResult<DevNodeRecord>[] = [];
  let dir: string | null = null;
  lines.forEach((text, i) => {
    const lineNo = i + 1;
    try {
      if (text.trim() === '' || readAnnotation(text, ctx) !== null || /^total \d+/.test(text)) return;
      const d = DIR_RE.exec(text);
      if (d) {
        dir = d[1]!;
        return;
      }
      const e = ENTRY_RE.exec(text);
      if (!e) {
        out.push(
          diag(ctx.file, lineNo, 'unknown_line', 'expected an `ls -l` entry or a `/dev/…:` folder heading'),
        );
        return;
      }
      const type = e[1]!;
      // Folders, regular files, pipes and sockets say nothing about block devices.
      if (type !== 'b' && type !== 'c' && type !== 'l') return;
      const named = DATE_RE.exec(e[5]!);
      if (!named) {
        out.push(
          diag(
            ctx.file,
            lineNo,
            'unknown_line',
            'expected a date and a name after the size of an `ls -l` entry',
          ),
        );
        return;
      }
      const nameText = named[1]!;
      const where = (name: string) => (name.startsWith('/') || dir === null ? name : joinDevPath(dir, name));
      if (type === 'l') {
        const arrow = nameText.indexOf(' -> ');
        if (arrow < 0) {
          out.push(diag(ctx.file, lineNo, 'unknown_line', 'expected `name -> target` for a symlink'));
          return;
        }
        const name = nameText.slice(0, arrow);
        const target = nameText.slice(arrow + 4);
        const path = where(name);
        const base = path.startsWith('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : dir;
        out.push({
          ok: true,
          record: {
            type: 'dev-node',
            path,
            kind: 'symlink',
            target: base !== null && !target.startsWith('/') ? joinDevPath(base, target) : target,
            line: lineNo,
          },
        });
        return;
      }
      if (e[2] === undefined) {
        out.push(diag(ctx.file, lineNo, 'bad_number', 'expected `major, minor` for a device node'));
        return;
      }
      out.push({
        ok: true,
        record: {
          type: 'dev-node',
          path: where(nameText),
          kind: type === 'b' ? 'block' : 'char',
          major: Number(e[2]),
          minor: Number(e[3]),
          line: lineNo,
        },
      });
    } catch (err) {
      out.push(diag(ctx.file, lineNo, 'unreadable', `line could not be read: ${(err as Error).message}`));
    }
  });
  return out;
}

function sniff(head: readonly string[]): number {
  let devEvidence = 0;
  let entries = 0;
  let other = 0;
  for (const text of head) {
    if (text.trim() === '' || text.startsWith('# ') || /^total \d+/.test(text)) continue;
    const d = DIR_RE.exec(text);
    if (d) {
      if (d[1]!.startsWith('/dev')) devEvidence++;
      continue;
    }
    const e = ENTRY_RE.exec(text);
    if (!e) {
      other++;
      continue;
    }
    entries++;
    if (e[1] === 'b') devEvidence++;
    else if (e[1] === 'l' && /-> (?:\/dev\/|\.\.\/dm-|\.\.\/\.\.\/|\.\.\/mapper\/)/.test(e[5]!))
      devEvidence++;
  }
  if (devEvidence === 0 || entries === 0) return 0;
  return other === 0 ? 0.9 : entries >= other * 4 ? 0.7 : 0;
}

export const devListingFormat: Parser<DevNodeRecord> = {
  id: 'dev-listing',
  summary: 'ls -l of /dev/mapper and /dev/<vg>: block device numbers and LV symlinks',
  sniff,
  parse: parseWhole(parseText),
};
