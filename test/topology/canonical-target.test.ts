/**
 * Alias resolution: one canonical name per backing store, whatever way a config, libxl JSON, xenstore
 * or blkback wrote it (reference §3.4, §4.1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliasTables, canonicalTarget, EMPTY_ALIASES, splitMapperName } from '../../src/topology/index.js';

const lab = aliasTables(
  [
    { lv: 'domu1-disk', vg: 'vg0' },
    { lv: 'domu2-disk', vg: 'vg0', kernelMajor: 253, kernelMinor: 1 },
  ],
  [],
  [
    { path: '/dev/mapper/vg0-domu1--disk', kind: 'block', major: 253, minor: 0 },
    { path: '/dev/vg0/domu1-disk', kind: 'symlink', target: '/dev/mapper/vg0-domu1--disk' },
    { path: '/dev/disk/by-id/dm-name-x', kind: 'symlink', target: '/dev/dm-0' },
  ],
);

describe('canonicalTarget', () => {
  const table: [string, string, 'certain' | 'shape', string?][] = [
    ['/dev/vg0/domu1-disk', 'lv:vg0/domu1-disk', 'certain'],
    ['/dev/mapper/vg0-domu1--disk', 'lv:vg0/domu1-disk', 'certain'],
    ['phy:/dev/vg0/domu1-disk', 'lv:vg0/domu1-disk', 'certain'],
    ['vg0/domu1-disk', 'lv:vg0/domu1-disk', 'certain'],
    ['/dev/dm-0', 'lv:vg0/domu1-disk', 'certain'],
    ['253:0', 'lv:vg0/domu1-disk', 'certain'],
    ['253:1', 'lv:vg0/domu2-disk', 'certain'],
    ['/dev/disk/by-id/dm-name-x', 'lv:vg0/domu1-disk', 'certain'],
    ['/dev//vg0/./domu2-disk', 'lv:vg0/domu2-disk', 'certain'],
    ['/dev/vg0/new-lv', 'lv:vg0/new-lv', 'certain'],
    ['/dev/t1ssd/debian-stretch', 'lv:t1ssd/debian-stretch', 'shape'],
    ['/dev/mapper/my--vg-my--lv', 'lv:my-vg/my-lv', 'shape'],
    ['/dev/mapper/crypt', 'block:/dev/mapper/crypt', 'certain'],
    ['/dev/sdb', 'block:/dev/sdb', 'certain'],
    ['sdb', 'block:/dev/sdb', 'certain'],
    ['/dev/disk/by-id/wwn-0x5000', 'block:/dev/disk/by-id/wwn-0x5000', 'certain'],
    ['/dev/dm-7', 'block:/dev/dm-7', 'certain'],
    ['7:2', 'unknown:7:2', 'certain'],
    ['file:/srv/a.img', 'file:/srv/a.img', 'certain'],
    ['tap:aio:/srv/a.img', 'file:/srv/a.img', 'certain'],
    ['tap2:aio:/srv/a.img', 'file:/srv/a.img', 'certain'],
    ['/srv/../srv/a.img', 'file:/srv/a.img', 'certain'],
    ['rbd:pool/image:id=admin:conf=/etc/ceph/ceph.conf', 'rbd:pool/image', 'certain'],
    ['iscsi:iqn.2001-05.com.example:disk1', 'iscsi:iqn.2001-05.com.example:disk1', 'certain'],
    ['drbd:r0', 'drbd:r0', 'certain'],
    ['nbd:host:10809', 'nbd:host:10809', 'certain'],
    ['', 'unknown:', 'certain'],
  ];
  for (const [written, id, confidence] of table) {
    it(`${JSON.stringify(written)} → ${id}`, () => {
      const c = canonicalTarget(written, lab);
      expect(c.id).toBe(id);
      expect(c.confidence).toBe(confidence);
    });
  }

  it('reads script targets by their script= (block-iscsi, block-rbd), the default block script as a path', () => {
    expect(canonicalTarget('iqn.2001-05.com.example:disk1', lab, 'block-iscsi').id).toBe(
      'iscsi:iqn.2001-05.com.example:disk1',
    );
    expect(canonicalTarget('pool/img', lab, '/etc/xen/scripts/block-rbd').id).toBe('rbd:pool/img');
    expect(canonicalTarget('/dev/vg0/domu1-disk', lab, '/etc/xen/scripts/block').id).toBe(
      'lv:vg0/domu1-disk',
    );
    expect(canonicalTarget('thing', lab, 'block-custom').id).toBe('unknown:thing');
  });

  it('without captures, keeps device numbers unknown and LVs by shape', () => {
    expect(canonicalTarget('253:0').id).toBe('unknown:253:0');
    expect(canonicalTarget('/dev/vg/pegas-disk').confidence).toBe('shape');
    expect(canonicalTarget('/dev/vg/pegas-disk', EMPTY_ALIASES).id).toBe('lv:vg/pegas-disk');
  });

  it('says how it resolved, for evidence', () => {
    expect(canonicalTarget('253:0', lab).steps).toEqual([
      'device 253:0 is /dev/mapper/vg0-domu1--disk',
      'lvs lists vg0/domu1-disk',
    ]);
  });

  it('splits /dev/mapper names at the first single dash', () => {
    expect(splitMapperName('vg0-domu1--disk')).toEqual(['vg0', 'domu1-disk']);
    expect(splitMapperName('my--vg-lv')).toEqual(['my-vg', 'lv']);
    expect(splitMapperName('nodash')).toBeNull();
    expect(splitMapperName('a---b')).toEqual(['a-', 'b']);
    expect(splitMapperName('-lv')).toBeNull();
  });

  it('never throws and is idempotent (property)', () => {
    const pieces = fc.constantFrom(
      '/dev/',
      'vg0/',
      'mapper/',
      'phy:',
      'file:',
      'tap:aio:',
      'rbd:',
      'iscsi:',
      'lv:',
      'block:',
      'unknown:',
      '--',
      '-',
      '..',
      '/',
      ':',
      '253',
      '0',
      'dm-',
      'sdb',
      ' ',
      '\\',
    );
    const target = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(target, fc.boolean(), (t, withLab) => {
        const a = withLab ? lab : EMPTY_ALIASES;
        const once = canonicalTarget(t, a);
        expect(canonicalTarget(once.id, a).id).toBe(once.id);
      }),
      { numRuns: 2000 },
    );
  });
});
