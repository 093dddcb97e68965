/** XA105: a writable disk backed by an image file (loop device or qdisk), not a block device. */
import type { Rule } from '../../rule.js';

export const rule: Rule = {
  id: 'XA105',
  name: 'disk-file-backed',
  family: 'disk',
  severity: 'info',
  summary: 'A writable disk is an image file on a dom0 filesystem rather than a block device.',
  messages: {
    file: "{{domain}}'s {{vdev}} is the image file {{path}} ({{format}}): its I/O goes through a loop device or QEMU and dom0's page cache, and competes with every other image on that filesystem.",
  },
  fix: 'Move the disk to an LV or a dedicated block device (phy), or use qcow2 on qdisk with direct-io-safe when a file is required.',
  check(ctx) {
    for (const host of ctx.hosts) {
      for (const d of host.disks) {
        const spec = d.disk.value;
        if (d.backing.kind !== 'file' || spec.cdrom || !spec.readwrite) continue;
        ctx.report({
          messageId: 'file',
          data: {
            domain: d.cfg.domain,
            vdev: spec.vdev ?? '?',
            path: d.backing.id.slice(5),
            format: spec.format,
          },
          host,
          at: d.disk,
          domains: [d.cfg.domain],
        });
      }
    }
  },
};
