import { describe, expect, it } from 'vitest';
import { parseDiskSpec, parseXmDiskSpec } from '../../src/formats/xlcfg-disk.js';

/** Reference §3.4, "Parse results verified with libxlutil 4.17.7": every row. */
const VERIFIED: readonly {
  spec: string;
  target?: string;
  format?: string;
  vdev?: string;
  rw?: boolean;
  cdrom?: boolean;
  backendtype?: string;
  directIoSafe?: boolean;
  discard?: boolean;
  script?: string;
  error?: string;
}[] = [
  {
    spec: 'phy:/dev/vg0/web01-root,xvda,w',
    target: '/dev/vg0/web01-root',
    format: 'raw',
    vdev: 'xvda',
    rw: true,
  },
  {
    spec: '/dev/vg0/web01-root,raw,xvda,w',
    target: '/dev/vg0/web01-root',
    format: 'raw',
    vdev: 'xvda',
    rw: true,
  },
  { spec: '/dev/vg/guest-volume,,hda', target: '/dev/vg/guest-volume', format: 'raw', vdev: 'hda', rw: true },
  {
    spec: 'format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume',
    target: '/dev/vg/guest-volume',
    format: 'raw',
    vdev: 'hda',
    rw: true,
  },
  {
    spec: '/root/image.iso,,hdc,cdrom',
    target: '/root/image.iso',
    format: 'raw',
    vdev: 'hdc',
    rw: false,
    cdrom: true,
  },
  {
    spec: 'raw:/root/image.iso,hdc:cdrom,ro',
    target: '/root/image.iso',
    format: 'raw',
    vdev: 'hdc',
    rw: false,
    cdrom: true,
  },
  { spec: ',hdc:cdrom,r', target: '', format: 'empty', vdev: 'hdc', rw: false, cdrom: true },
  {
    spec: 'tap:qcow2:/srv/img.qcow2,xvda,w',
    target: '/srv/img.qcow2',
    format: 'qcow2',
    vdev: 'xvda',
    rw: true,
  },
  { spec: 'file:/srv/img.raw,xvda,w', target: '/srv/img.raw', format: 'raw', vdev: 'xvda', rw: true },
  {
    spec: 'vdev=xvdb,format=qcow2,backendtype=qdisk,direct-io-safe,no-discard,target=/srv/a,b.qcow2',
    target: '/srv/a,b.qcow2',
    format: 'qcow2',
    vdev: 'xvdb',
    rw: true,
    backendtype: 'qdisk',
    directIoSafe: true,
    discard: false,
  },
  {
    spec: 'iscsi:iqn.2001-05.com.example:disk1,xvdc,w',
    target: 'iqn.2001-05.com.example:disk1',
    format: 'raw',
    vdev: 'xvdc',
    rw: true,
    script: 'block-iscsi',
  },
  { spec: 'vg0/lv,raw,xvde', target: 'vg0/lv', format: 'raw', vdev: 'xvde', rw: true },
  { spec: 'phy:/dev/vg0/x,xvda,w!', error: 'unknown value for access' },
  { spec: '/dev/sde,raw,xvdi,rw,extra', error: 'too many positional parameters' },
];

describe('parseDiskSpec: the reference table verified against libxlutil 4.17.7', () => {
  for (const row of VERIFIED) {
    it(row.spec, () => {
      const { spec, errors } = parseDiskSpec(row.spec);
      if (row.error !== undefined) {
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`: ${row.error}`);
        expect(errors[0]).toMatch(/^config parsing error in disk specification: /);
        expect(errors[0]).toContain(` in \`${row.spec}'`);
        return;
      }
      expect(errors).toEqual([]);
      expect(spec.target).toBe(row.target);
      expect(spec.format).toBe(row.format);
      expect(spec.vdev).toBe(row.vdev);
      expect(spec.readwrite).toBe(row.rw);
      expect(spec.cdrom).toBe(row.cdrom ?? false);
      expect(spec.devtype).toBe(row.cdrom ? 'cdrom' : 'disk');
      if (row.backendtype) expect(spec.backendtype).toBe(row.backendtype);
      if (row.directIoSafe) expect(spec.directIoSafe).toBe(true);
      if (row.discard !== undefined) expect(spec.discard).toBe(row.discard);
      if (row.script) expect(spec.script).toBe(row.script);
    });
  }
});

describe('parseDiskSpec: the rest of reference §3.4', () => {
  it('keeps trailing blanks, so a padded format is unknown (near `raw `)', () => {
    const { errors } = parseDiskSpec(' /dev/sdf , raw , xvdm , w');
    expect(errors).toEqual([
      "config parsing error in disk specification: unknown value for format: near `raw ' in ` /dev/sdf , raw , xvdm , w'",
    ]);
  });

  it('rejects the xm order without a prefix: the vdev lands in the format slot', () => {
    expect(parseDiskSpec('/dev/vg0/lv,xvda,w').errors[0]).toBe(
      "config parsing error in disk specification: unknown value for format: near `xvda' in `/dev/vg0/lv,xvda,w'",
    );
  });

  it('records deprecated prefixes as written and skips the format slot after them', () => {
    const { spec, errors } = parseDiskSpec('tap2:aio:/root/some.img,xvda,w');
    expect(errors).toEqual([]);
    expect(spec.prefix).toEqual(['tap2:', 'aio:']);
    expect(spec.target).toBe('/root/some.img');
    expect(spec.access).toBe('w');
  });

  it('keeps the access as written even when xl refuses it', () => {
    expect(parseDiskSpec('phy:/dev/vg0/x,xvda,w!').spec.access).toBe('w!');
  });

  it('says unknown parameter for other key=value items, and stops at an unknown prefix', () => {
    expect(parseDiskSpec('/dev/a,raw,xvda,w,foo=bar').errors[0]).toContain('unknown parameter');
    expect(parseDiskSpec('rbd:/pool/img,xvda,w').errors).toEqual([
      "config parsing error in disk specification: unknown deprecated disk prefix: near `rbd:' in `rbd:/pool/img,xvda,w'",
    ]);
  });

  it('treats `untrusted` as a positional target in 4.17 (target respecified)', () => {
    expect(parseDiskSpec('/dev/a,raw,xvda,w').errors).toEqual([]);
    expect(parseDiskSpec('untrusted,/dev/a,raw,xvda').errors[0]).toContain('unknown value for format');
    expect(parseDiskSpec('vdev=xvda,untrusted,target=/dev/a').errors[0]).toContain('target respecified');
  });

  it('needs a vdev', () => {
    expect(parseDiskSpec('/dev/a').errors).toEqual([
      "config parsing error in disk specification: no vdev specified in `/dev/a'",
    ]);
  });

  it('reads key=value items next to positional ones', () => {
    const { spec, errors } = parseDiskSpec('/dev/HostVG/XenGuest2,raw,hda,rw,backendtype=phy');
    expect(errors).toEqual([]);
    expect(spec.backendtype).toBe('phy');
    expect(spec.access).toBe('rw');
    const cd = parseDiskSpec('/root/boot.iso,raw,hdc,ro,devtype=cdrom').spec;
    expect(cd.cdrom).toBe(true);
    expect(cd.readwrite).toBe(false);
  });

  it('reports a bad character as bad disk syntax with the rest of the spec', () => {
    expect(parseDiskSpec('/dev/a,raw,xvda,=w').errors[0]).toBe(
      "config parsing error in disk specification: bad disk syntax: near `=w' in `/dev/a,raw,xvda,=w'",
    );
  });
});

describe('parseXmDiskSpec', () => {
  it('accepts w! and the classic order', () => {
    const { spec, errors } = parseXmDiskSpec('phy:/dev/vg0/shared,xvdb,w!');
    expect(errors).toEqual([]);
    expect(spec).toMatchObject({
      target: '/dev/vg0/shared',
      vdev: 'xvdb',
      access: 'w!',
      readwrite: true,
      xmSyntax: true,
    });
    expect(spec.prefix).toEqual(['phy:']);
  });

  it('reads cdroms, stacked prefixes and a backend domain', () => {
    expect(parseXmDiskSpec(',hdc:cdrom,r').spec).toMatchObject({
      target: '',
      format: 'empty',
      vdev: 'hdc',
      cdrom: true,
    });
    expect(parseXmDiskSpec('tap:aio:/img,xvda,w,driverdom').spec).toMatchObject({
      target: '/img',
      prefix: ['tap:', 'aio:'],
      backend: 'driverdom',
    });
  });

  it('rejects entries without three or four fields, as xm create did', () => {
    expect(parseXmDiskSpec('phy:/dev/a,xvda').errors).toEqual(['Invalid disk specifier: phy:/dev/a,xvda']);
  });
});
