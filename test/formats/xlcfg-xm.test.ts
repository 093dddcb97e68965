import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/formats/xlcfg.js';
import { scanXm } from '../../src/formats/xlcfg-xm.js';
import type { ConfigValue } from '../../src/model/config.js';

const F = '/etc/xen/legacy.cfg';
const read = (text: string) => parseConfigText(text, F);
const values = (text: string): Record<string, ConfigValue> =>
  Object.fromEntries(Object.entries(read(text).keys).map(([k, s]) => [k, s.value]));
const unevaluated = (text: string) =>
  read(text)
    .errors.filter((e) => e.code === 'xm-unevaluated')
    .map((e) => [e.line, e.message]);

describe('xm detection', () => {
  it('finds Python-only constructs and nothing in plain xl', () => {
    expect(
      scanXm('name = "a"\nmemory = 512\ndisk = [ "phy:/x,xvda,w", ]\nextra += " quiet"\n').reasons,
    ).toEqual([]);
    const what = (t: string) => scanXm(t).reasons.map((r) => r.what);
    expect(what('import os\n')).toEqual(['`import`']);
    expect(what('memory = 512 * 2\n')).toEqual(['a Python expression']);
    expect(what('acpi = True\n')).toEqual(['a Python expression']);
    expect(what('cpus = (1, 2)\n')).toEqual(['a Python expression']);
    expect(what('extra = """a\nb"""\n')).toEqual(['a triple-quoted string', 'a Python expression']);
    expect(what('disk = [ "a",\\\n "b" ]\n')).toEqual(['a `\\` line continuation']);
    expect(what('def f():\n    return 1\n')).toEqual(['`def f`']);
  });

  it('does not take templates or broken xl for Python', () => {
    expect(scanXm('install-method = debootstrap\n').reasons).toEqual([]);
    expect(scanXm('vcpus = {{ vcpus }}\n{% if x %}\n').reasons).toEqual([]);
    expect(scanXm('Name = "x"\n').reasons).toEqual([]);
  });

  it('reads a file with w! as xm, with xm disk semantics and xl complaint', () => {
    const c = read('name = "shared"\ndisk = [ "phy:/dev/vg/shared,xvdb,w!" ]\n');
    expect(c.dialect).toBe('xm');
    expect(c.styleReasons[0]).toBe('line 2: disk mode `w!` (xm only)');
    expect(c.disks[0]!.value).toMatchObject({
      target: '/dev/vg/shared',
      access: 'w!',
      readwrite: true,
      xmSyntax: true,
    });
    expect(c.errors.map((e) => e.code)).toEqual(['disk-spec-xl']);
  });
});

describe('xm evaluation', () => {
  it('evaluates constants, variables, concatenation and integer arithmetic (Python 2)', () => {
    const v = values(
      [
        'base = "/dev/vg0/"',
        'name = "web" + str_suffix if False else "web01"',
        'memory = 512 * 2',
        'maxmem = 7 / 2 * 1024',
        'vcpus = -(-3 // 2)',
        'disk = [ "phy:" + base + name + "-root,xvda,w", "phy:%s%s-swap,xvdb,w" % (base, name) ]',
        'vif = [ "mac=00:16:3e:00:%02x:%02X" % (10, 255) ]',
        'acpi = True',
        'pae = False',
        "cpus = ('0', '1')",
        'root = """/dev/xvda1 ro"""',
        'extra = "console=hvc0 " \\',
        '        "quiet"',
        'name_copy = name',
      ].join('\n') + '\n',
    );
    expect(v).toEqual({
      base: '/dev/vg0/',
      name: 'web01',
      memory: '1024',
      maxmem: '3072',
      vcpus: '2',
      disk: ['phy:/dev/vg0/web01-root,xvda,w', 'phy:/dev/vg0/web01-swap,xvdb,w'],
      vif: ['mac=00:16:3e:00:0a:FF'],
      acpi: '1',
      pae: '0',
      cpus: ['0', '1'],
      root: '/dev/xvda1 ro',
      extra: 'console=hvc0 quiet',
      name_copy: 'web01',
    });
    const c = read('memory = 256 * 2\nname = "x" + "y"\n');
    expect(c.memoryMiB).toMatchObject({ value: 512, line: 1, column: 10 });
    expect(c.keys.name!.node).toMatchObject({ kind: 'atom', token: '"x" + "y"', quote: null });
  });

  it('follows `if` on constants and refuses runtime branches', () => {
    expect(values('big = 1\nif big:\n    memory = 2048\nelse:\n    memory = 512\n')).toMatchObject({
      memory: '2048',
    });
    const text =
      'import os\nmemory = 512\nif os.uname()[4] == "x86_64":\n    memory = 1024\n    arch_libdir = "lib64"\n';
    expect(values(text)).not.toHaveProperty('memory');
    expect(unevaluated(text)).toEqual([
      [
        4,
        expect.stringContaining(
          '`memory` = `memory` cannot be evaluated without running Python: assigned under `if os.uname()[4] == "x86_64"` (line 3)',
        ),
      ],
      [5, expect.stringContaining('`arch_libdir`')],
    ]);
  });

  it('names the line and expression of what it cannot evaluate, and never guesses', () => {
    const text =
      'import socket\nname = socket.gethostname()\nkernel = "/boot/vmlinuz-" + name\nmemory = int("512")\n';
    const c = read(text);
    expect(c.name).toBeUndefined();
    expect(c.kernel).toBeUndefined();
    expect(c.memoryMiB).toBeUndefined();
    expect(unevaluated(text)).toEqual([
      [
        2,
        'line 2: `name` = `socket.gethostname()` cannot be evaluated without running Python: it contains a function call',
      ],
      [3, expect.stringContaining('it uses `name`, which could not be evaluated')],
      [
        4,
        'line 4: `memory` = `int("512")` cannot be evaluated without running Python: it contains a function call',
      ],
    ]);
  });

  it('treats loops as runtime-dependent and None as unset', () => {
    const text = 'vif = []\nfor i in range(2):\n    vif += ["bridge=br%d" % i]\nbootloader = None\n';
    const c = read(text);
    expect(c.keys.vif).toBeUndefined();
    expect(c.keys.bootloader).toBeUndefined();
    expect(unevaluated(text)[0]![1]).toContain('assigned inside a `for` statement (line 2)');
  });

  it('says the file is xm, which xl cannot read', () => {
    const c = read('memory = 128 * 4\nname = "x"\n');
    expect(c.dialect).toBe('xm');
    expect(c.errors.map((e) => [e.code, e.line, e.xlWouldReject])).toEqual([['xm-python', 1, true]]);
  });

  it('reads xm disk entries in xm order and reports what xl would say', () => {
    const c = read('name = "x" + ""\ndisk = [ "phy:/dev/vg/a,xvda,w", "/dev/vg/b,xvdb,r" ]\n');
    expect(c.disks.map((d) => [d.value.target, d.value.vdev, d.value.readwrite])).toEqual([
      ['/dev/vg/a', 'xvda', true],
      ['/dev/vg/b', 'xvdb', false],
    ]);
    expect(c.errors.filter((e) => e.code === 'disk-spec-xl').map((e) => e.message)).toEqual([
      "config parsing error in disk specification: unknown value for format: near `xvdb' in `/dev/vg/b,xvdb,r'",
    ]);
  });
});
