import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText, sniffConfig, xlcfgFormat } from '../../src/formats/xlcfg.js';
import type { DomainConfig } from '../../src/model/config.js';
import { ctxFor, runParser } from '../helpers/parse.js';
import { linesOf, listFilesRecursive, REPO_ROOT, sharedPath } from '../helpers/shared.js';

const CORPUS = sharedPath('corpus', 'xen-configs');
const corpusFiles = listFilesRecursive(CORPUS).filter(
  (p) => !['README.md', 'index.tsv'].includes(basename(p)),
);
const parsed = new Map<string, DomainConfig>(
  corpusFiles.map((p) => [
    relative(CORPUS, p),
    parseConfigText(readFileSync(p, 'utf8'), relative(CORPUS, p)),
  ]),
);
const cfg = (rel: string): DomainConfig => {
  const c = parsed.get(rel);
  if (!c) throw new Error(`not in corpus: ${rel}`);
  return c;
};
const disks = (c: DomainConfig) =>
  c.disks.map((d) => [d.value.target, d.value.vdev, d.value.access, d.value.readwrite]);

describe('xen-configs corpus', () => {
  it('has every file and parses each without throwing', () => {
    expect(corpusFiles).toHaveLength(52);
    for (const [rel, c] of parsed) {
      expect(c.file).toBe(rel);
      expect(c.errors.every((e) => e.code !== 'internal-error')).toBe(true);
    }
  });

  it('reads the upstream xl examples', () => {
    const hvm = cfg('035-xen-project-xen-xlexample.hvm.cfg');
    expect([hvm.name?.value, hvm.type?.value, hvm.memoryMiB?.value, hvm.vcpus?.value]).toEqual([
      'example.hvm',
      'hvm',
      128,
      2,
    ]);
    expect(disks(hvm)).toEqual([['/dev/vg/guest-volume', 'xvda', 'rw', true]]);
    expect(hvm.vifs.map((v) => [v.value.devid, v.value.bridge])).toEqual([[0, null]]);
    const pv = cfg('036-xen-project-xen-xlexample.pvlinux.cfg');
    expect([pv.name?.value, pv.kernel?.value, pv.cmdline?.value]).toEqual([
      'example.pvlinux',
      '/boot/vmlinuz',
      'root=/dev/xvda1',
    ]);
    expect(pv.errors).toEqual([]);
  });

  it('reads maxmem above memory and a diskspec without prefix (023)', () => {
    const c = cfg('023-strfry-pidac.strfry.org-ubuntu.cfg');
    expect([c.name?.value, c.memoryMiB?.value, c.maxmemMiB?.value, c.vcpus?.value]).toEqual([
      'ubuntu',
      1024,
      4096,
      2,
    ]);
    expect(c.memoryMiB).toMatchObject({ line: expect.any(Number), column: 10 });
    expect(disks(c)).toEqual([['/dev/vg0/root', 'xvda', 'rw', true]]);
  });

  it('reads the libvirt vif rate and key=value disks (043)', () => {
    const c = cfg('043-libvirt-libvirt-test-vif-rate.cfg');
    expect([c.name?.value, c.uuid?.value, c.memoryMiB?.value, c.maxmemMiB?.value, c.onCrash?.value]).toEqual([
      'XenGuest2',
      'c7a5fdb2-cdaf-9455-926a-d65c16db1809',
      394,
      579,
      'restart',
    ]);
    expect(
      c.disks.map((d) => [d.value.target, d.value.format, d.value.vdev, d.value.backendtype, d.value.cdrom]),
    ).toEqual([
      ['/dev/HostVG/XenGuest2', 'raw', 'hda', 'phy', false],
      ['/var/lib/libvirt/images/XenGuest2-home', 'qcow2', 'hdb', 'qdisk', false],
      ['/root/boot.iso', 'raw', 'hdc', 'qdisk', true],
    ]);
    const vif = c.vifs[0]!.value;
    expect([vif.mac, vif.bridge, vif.model, vif.rate]).toEqual([
      '00:16:3e:66:92:9c',
      'xenbr1',
      'e1000',
      { bytesPerInterval: 512000, intervalUsecs: 50000, text: '10240KB/s' },
    ]);
    expect(c.errors.map((e) => e.code)).toEqual(['ignored-key']);
  });

  it('reads positional disks with trailing key=value (045) and escaped paths (047)', () => {
    expect(
      cfg('045-libvirt-libvirt-test-disk-positional-parms-full.cfg').disks.map((d) => [
        d.value.format,
        d.value.vdev,
        d.value.backendtype,
      ]),
    ).toEqual([
      ['raw', 'hda', 'phy'],
      ['qcow2', 'hdb', null],
      ['raw', 'hdc', null],
    ]);
    const c = cfg('047-libvirt-libvirt-test-escape-paths.cfg');
    expect(c.name?.value).toBe('XenGuest2&test');
    expect(disks(c)).toEqual([
      ['/dev/HostVG/XenGuest2', 'hda', 'w', true],
      ['/root/boot.iso&test', 'hdc', 'r', false],
    ]);
  });

  it('keeps the last of a twice-set key and the earlier one for audits (058)', () => {
    const c = cfg('058-ravifatty-drakvufsetup-win7.cfg');
    expect(c.keys.boot!.value).toBe('dc');
    expect(c.assignments.filter((s) => s.key === 'boot').map((s) => s.value)).toEqual(['cd', 'dc']);
    expect(disks(c)).toEqual([
      ['/dev/vg/windows7-sp1', 'xvda', 'w', true],
      ['/home/drakvuf/Downloads/win7.iso', 'hdc', null, false],
    ]);
    expect(c.vifs[0]!.value).toMatchObject({
      mac: '00:06:5B:BA:7C:01',
      bridge: 'xenbr0',
      model: 'e1000',
      type: 'ioemu',
    });
  });

  it('reads numbers written as strings and two OVS vifs (073)', () => {
    const c = cfg('073-dhruv-jain-clickos_ids-config.xen.cfg');
    expect([c.name?.value, c.memoryMiB?.value, c.vcpus?.value, c.onCrash?.value]).toEqual([
      'click0',
      24,
      1,
      'preserve',
    ]);
    expect(c.keys.memory!.node).toMatchObject({ quote: "'", token: "'24'" });
    expect(c.vifs.map((v) => [v.value.devid, v.value.mac, v.value.bridge, v.value.script])).toEqual([
      [0, '00:00:00:00:01:00', 'ovs-lan', 'vif-openvswitch'],
      [1, '00:00:00:00:02:00', 'ovs-lan', 'vif-openvswitch'],
    ]);
  });

  it('reads an Arm guest with a disk before the name and no access mode (078)', () => {
    const c = cfg('078-andr2000-xen-scripts-domu-sd-pass.cfg');
    expect([c.name?.value, c.memoryMiB?.value, c.vcpus?.value]).toEqual(['DomU', 256, 4]);
    expect(disks(c)).toEqual([['/dev/mmcblk1p2', 'xvda', null, true]]);
    expect(c.keys.irqs!.value).toEqual(['151']);
    expect(c.keys.iomem!.value).toEqual(['0xfd000,40']);
  });

  it('reads blktap2 and OVS trunk bridges (082, 084)', () => {
    const tap = cfg('082-libvirt-libvirt-test-disk-drv-blktap2-raw.cfg').disks[0]!.value;
    expect([tap.prefix, tap.target, tap.vdev]).toEqual([['tap2:', 'aio:'], '/root/some.img', 'xvda']);
    expect(cfg('084-libvirt-libvirt-test-fullvirt-ovswitch-trunked.cfg').vifs[0]!.value.bridge).toBe(
      'ovsbr0:42:43',
    );
  });

  it('reads an xm example that is valid xl, with its empty cdrom (040)', () => {
    const c = cfg('040-xen-project-xen-xmexample.hvm.cfg');
    expect([c.dialect, c.style, c.type?.value, c.memoryMiB?.value]).toEqual(['xl', 'xm', 'hvm', 128]);
    expect(c.disks.map((d) => [d.value.target, d.value.format, d.value.vdev, d.value.cdrom])).toEqual([
      ['/var/images/min-el3-i386.img', 'raw', 'hda', false],
      ['', 'empty', 'hdc', true],
    ]);
  });

  it('reads multi-line lists with comments and both builder and type (024)', () => {
    const c = cfg('notquitesane-ml350p-host/024-notquitesane-HP_ML350p-G8-router.cfg');
    expect(c.type?.value).toBe('hvm');
    expect(c.vifs.map((v) => [v.value.bridge, v.line])).toEqual([
      ['br0', 16],
      ['br-lan', 17],
    ]);
    expect(c.errors).toEqual([]);
  });

  it('keeps misspelt keys as keys and leaves the typed field empty (026, 053)', () => {
    const arm = cfg('cramsay-zynqmp-host/026-cramsay-zynqmp_xen_demo-domu_server.cfg');
    expect(arm.vcpus).toBeUndefined();
    expect(arm.keys.vcpu!.value).toBe('2');
    expect(arm.vifs[0]!.value.mac).toBe('00:0a:35:03:2B:F0');
    const centos = cfg('mrgao1008-host/053-mrgao1008-xen-configure-file-centos.cfg');
    expect([centos.name?.value, centos.cpuWeight?.value, centos.keys.bios!.value]).toEqual([
      'centos',
      256,
      'seabios',
    ]);
    expect(centos.vifs[0]!.value).toMatchObject({ bridge: 'virbr0', model: 'ne2k_pci' });
  });

  it('reads the drakvuf CI host: one VG, no vifs, unknown keys kept', () => {
    for (const [rel, c] of parsed) {
      if (!rel.startsWith('drakvuf-ci-host/')) continue;
      expect(c.vifs).toEqual([]);
      expect(c.disks).toHaveLength(1);
      expect(c.disks[0]!.value.target).toMatch(/^\/dev\/t1ssd\//);
      expect(c.keys.arch!.value).toBe('x86_64');
      expect(c.errors).toEqual([]);
    }
  });
});

describe('broken files and templates: located errors and the rest of the file', () => {
  it('reads around a hyphenated key (babrakov 010)', () => {
    const c = cfg('babrakov-xen-host/010-Babrakov-xen-ubu.cfg');
    expect(c.errors[0]).toMatchObject({
      line: 1,
      column: 8,
      code: 'lexical-error',
      message: "config parsing error near `-method': lexical error",
      xlWouldReject: true,
    });
    expect(c.errors.map((e) => e.code)).toEqual(['lexical-error', 'looks-like-python']);
    expect([c.name?.value, c.memoryMiB?.value, c.kernel?.value]).toEqual([
      'krs23',
      1024,
      '/boot/vmlinuz-3.13.0-53-generic',
    ]);
    expect(disks(c)).toEqual([['/dev/vg/krs', 'xvda', 'rw', true]]);
    expect(c.vifs[0]!.value.ips).toEqual(['193.33.132.140', '193.33.132.140']);
  });

  it('reports a final comment without newline and keeps everything (babrakov 001, 014)', () => {
    const c = cfg('babrakov-xen-host/001-Babrakov-xen-infoza.cfg');
    expect(c.errors.map((e) => [e.code, e.line])).toEqual([
      ['comment-without-newline', 26],
      ['looks-like-python', 26],
    ]);
    expect(c.errors[0]!.message).toContain("near `#VBoxManage'");
    expect(c.cmdline?.value).toBe('console=hvc0');
    expect(disks(c)).toEqual([['/mnt/backup/vdi/infoza.img', 'xvda', 'rw', true]]);
    expect(cfg('babrakov-xen-host/014-Babrakov-xen-ubuntu.cfg.bak.cfg').errors[0]).toMatchObject({
      line: 19,
      column: 1,
    });
  });

  it('reads a template whose placeholders are inside strings (065)', () => {
    const c = cfg('065-vitalk-serv-recipes-ubuntu.cfg');
    expect(c.name?.value).toBe('YOUR_DOMU_NAME');
    expect(c.memoryMiB).toBeUndefined();
    expect(c.errors.map((e) => [e.code, e.line])).toEqual([
      ['not-a-number', 7],
      ['vif-spec', 25],
    ]);
    expect(c.errors[0]!.message).toBe("warning: parameter `memory' is not a valid number");
    expect(disks(c)).toEqual([['/dev/sandbox/YOUR_DOMU_NAME', 'xvda', 'w', true]]);
  });

  it('reads a Jinja2 template around its placeholders (068)', () => {
    const c = cfg('068-mejo--ansible-role-xen-vm-create-vm.cfg.j2.cfg');
    expect(c.dialect).toBe('xl');
    expect(c.errors.filter((e) => e.xlWouldReject).map((e) => [e.line, e.column, e.code])).toEqual([
      [8, 42, 'syntax-error'],
      [13, 1, 'lexical-error'],
      [15, 1, 'lexical-error'],
      [16, 9, 'lexical-error'],
    ]);
    expect(c.name?.value).toBe('vm-{{ vm_name }}');
    expect(c.keys.disk).toMatchObject({ value: [], recovered: true });
    expect(c.vifs[0]!.value.bridge).toBe('{{ xenbr }}');
    expect([c.onCrash?.value, c.bootloader?.value, c.keys.cpus!.value]).toEqual([
      'restart',
      'pygrub',
      '{{ cpus }}',
    ]);
    expect(c.vcpus).toBeUndefined();
  });
});

describe('the babrakov host: cross-file facts of the corpus README', () => {
  const group = [...parsed].filter(([rel]) => rel.startsWith('babrakov-xen-host/')).map(([, c]) => c);
  const withIp = (ip: string) => group.filter((c) => c.vifs.some((v) => v.value.ips.includes(ip)));
  const withMac = (mac: string) => group.filter((c) => c.vifs.some((v) => v.value.mac === mac));
  const withDisk = (target: string) => group.filter((c) => c.disks.some((d) => d.value.target === target));
  const names = (cs: DomainConfig[]) => cs.map((c) => c.name?.value);

  it('has 16 configs', () => expect(group).toHaveLength(16));
  it('IP 193.33.132.140 in five configs', () => expect(withIp('193.33.132.140')).toHaveLength(5));
  it('MAC 00:16:3E:76:47:D3 in three, 00:16:3E:76:47:D4 in two', () => {
    expect(names(withMac('00:16:3E:76:47:D3'))).toEqual(['test', 'ubuntu', 'ubuntu']);
    expect(names(withMac('00:16:3E:76:47:D4'))).toEqual(['krs23.ru', 'test']);
  });
  it('/dev/vg/pegas-disk is the disk of pegas and an extra disk of ubuntu', () => {
    const users = withDisk('/dev/vg/pegas-disk');
    expect(names(users)).toEqual(['pegas', 'ubuntu']);
    expect(users[1]!.disks.find((d) => d.value.target === '/dev/vg/pegas-disk')).toMatchObject({
      value: { vdev: 'xvdc', readwrite: true },
      line: 13,
    });
  });
  it('/dev/vg/pegas-swap by two configs named pegas, /dev/vg/ubuntu by four', () => {
    expect(names(withDisk('/dev/vg/pegas-swap'))).toEqual(['pegas', 'pegas']);
    expect(withDisk('/dev/vg/ubuntu')).toHaveLength(4);
  });
  it('two infoza configs share one UUID', () => {
    const infoza = group.filter((c) => c.name?.value === 'infoza');
    expect(infoza.map((c) => c.uuid?.value)).toEqual([
      '2c474d2e-28ba-4730-a5ba-88de9d25652a',
      '2c474d2e-28ba-4730-a5ba-88de9d25652a',
    ]);
  });
});

describe('xl or xm: detection against index.tsv', () => {
  const rows = linesOf(readFileSync(join(CORPUS, 'index.tsv'), 'utf8'))
    .slice(1)
    .map((l) => l.split('\t'));

  it('agrees with the style column for every xl and xm file', () => {
    let compared = 0;
    for (const [file, , , , style] of rows) {
      if (style === 'template') continue;
      expect([file, cfg(file!).style]).toEqual([file, style]);
      compared++;
    }
    expect(compared).toBe(50);
  });

  it('reads templates as xl: Jinja2 and placeholder tokens are not Python, and xl syntax shows where they are', () => {
    const templates = rows.filter((r) => r[4] === 'template').map((r) => r[0]!);
    expect(templates).toHaveLength(2);
    for (const t of templates) expect([t, cfg(t).dialect, cfg(t).style]).toEqual([t, 'xl', 'xl']);
  });

  it('says why a valid-xl file is xm-era', () => {
    expect(cfg('038-xen-project-xen-xmexample1.cfg').styleReasons).toEqual(['line 1: an xm header comment']);
    expect(cfg('049-libvirt-libvirt-test-paravirt-old-pvfb.cfg').styleReasons[0]).toContain(
      'top-level `vnc` on a PV guest',
    );
  });
});

describe('xlcfgFormat', () => {
  it('sniffs configs and not other key=value text', () => {
    const head = (rel: string) => linesOf(readFileSync(join(CORPUS, rel), 'utf8')).slice(0, 40);
    expect(sniffConfig(head('babrakov-xen-host/003-Babrakov-xen-pegas.cfg'))).toBeGreaterThan(0.5);
    expect(sniffConfig(head('043-libvirt-libvirt-test-vif-rate.cfg'))).toBeGreaterThan(0.5);
    expect(
      sniffConfig([
        'host                   : h1',
        'release                : 6.1.0',
        'total_memory           : 8191',
      ]),
    ).toBe(0);
    expect(sniffConfig(['[Unit]', 'Description=x', 'After=network.target'])).toBe(0);
    expect(sniffConfig(['net.ipv4.ip_forward = 1', 'vm.swappiness = 10'])).toBe(0);
  });

  it('yields one record and a diagnostic for each syntax error', async () => {
    const rel = 'babrakov-xen-host/010-Babrakov-xen-ubu.cfg';
    const { records, diags } = await runParser(
      xlcfgFormat,
      linesOf(readFileSync(join(CORPUS, rel), 'utf8')),
      ctxFor(rel),
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.type).toBe('domain-config');
    expect(records[0]!.config.disks).toHaveLength(1);
    expect(diags).toEqual([
      {
        file: rel,
        line: 1,
        code: 'syntax_error',
        message: "config parsing error near `-method': lexical error",
      },
    ]);
  });
});

describe('golden fixtures', () => {
  const dir = join(REPO_ROOT, 'test', 'fixtures', 'formats', 'xlcfg');
  for (const name of ['recovery', 'xm-python', 'crlf']) {
    it(name, async () => {
      const text = readFileSync(join(dir, `${name}.txt`), 'utf8');
      const file = `${name}.txt`;
      const { records, diags } = await runParser(xlcfgFormat, linesOf(text), ctxFor(file));
      const actual = JSON.parse(
        JSON.stringify({ config: parseConfigText(text, file), records: records.length, diagnostics: diags }),
      );
      const expectedPath = join(dir, `${name}.expected.json`);
      if (process.env.UPDATE_GOLDEN === '1')
        writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});
