import { describe, expect, it } from 'vitest';
import { parseMac, parseVifRate, parseVifSpec } from '../../src/formats/xlcfg-vif.js';

/** Reference §3.5, `rate=` table (libxlutil 4.17.7). */
const RATES: readonly [string, number, number][] = [
  ['10Mb/s@20ms', 25000, 20000],
  ['10Mb/s', 62500, 50000],
  ['250KB/s', 12500, 50000],
  ['1MB/s@20ms', 20000, 20000],
  ['5000B/s@1s', 5000, 1000000],
  ['5000B/s@20', 100000, 20000000],
  ['100b/s', 0, 50000],
];

describe('parseVifRate: the reference table', () => {
  for (const [rate, bytes, usecs] of RATES) {
    it(rate, () => {
      expect(parseVifRate(rate)).toEqual({
        ok: true,
        rate: { bytesPerInterval: bytes, intervalUsecs: usecs, text: rate },
      });
    });
  }
});

describe('parseVifRate: errors worded as xl', () => {
  const cases: [string, string][] = [
    ['1.5MB/s', "config parsing error in vif: invalid rate in `1.5MB/s'"],
    ['10mb/s', "config parsing error in vif: invalid rate in `10mb/s'"],
    ['10MiB/s', "config parsing error in vif: invalid rate in `10MiB/s'"],
    ['1MB/s@20ms ', "config parsing error in vif: invalid replenishment interval in `20ms '"],
    ['0B/s', "config parsing error in vif: rate overflow in `0B/s'"],
    ['@20ms', "config parsing error in vif: no rate specified in `@20ms'"],
    ['5000000000B/s', "config parsing error in vif: rate overflow in `5000000000B/s'"],
  ];
  for (const [rate, message] of cases) {
    it(rate, () => expect(parseVifRate(rate)).toEqual({ ok: false, message }));
  }
  it('reads a leading zero as octal, like strtoull base 0', () => {
    expect(parseVifRate('010B/s@1s')).toMatchObject({ ok: true, rate: { bytesPerInterval: 8 } });
  });
});

describe('parseVifSpec', () => {
  it('reads the libvirt rate example', () => {
    const { spec, issues } = parseVifSpec(
      'mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000,rate=10240KB/s',
      0,
    );
    expect(issues).toEqual([]);
    expect(spec).toMatchObject({
      mac: '00:16:3e:66:92:9c',
      macNormalized: '00:16:3e:66:92:9c',
      bridge: 'xenbr1',
      script: 'vif-bridge',
      model: 'e1000',
      devid: 0,
      rate: { bytesPerInterval: 512000, intervalUsecs: 50000, text: '10240KB/s' },
    });
  });

  it('keeps trailing spaces of ip= as xl does, and splits the addresses', () => {
    const { spec } = parseVifSpec('ip=193.33.132.140 193.33.132.140 ,mac=00:16:3E:F7:63:ED', 2);
    expect(spec.ip).toBe('193.33.132.140 193.33.132.140 ');
    expect(spec.ips).toEqual(['193.33.132.140', '193.33.132.140']);
    expect(spec.macNormalized).toBe('00:16:3e:f7:63:ed');
    expect(spec.devid).toBe(2);
  });

  it('drops leading spaces only, skips empty items, and reports unknown items without rejecting', () => {
    const { spec, issues } = parseVifSpec('type=ioemu, bridge=xenbr0,,vlan=10', 0);
    expect(spec.type).toBe('ioemu');
    expect(spec.bridge).toBe('xenbr0');
    expect(issues).toEqual([{ message: "unrecognized argument `vlan=10'", xlWouldReject: false }]);
    expect(parseVifSpec('\tbridge=br0', 0).issues[0]!.message).toBe("unrecognized argument `\tbridge=br0'");
  });

  it('says what xl says about bad values, and which ones stop xl create', () => {
    expect(parseVifSpec('mac=YOUR_VIF_MAC', 0).issues).toEqual([
      { message: "Invalid parameter `mac'.", xlWouldReject: false },
    ]);
    expect(parseVifSpec('type=e1000', 0).issues).toEqual([
      { message: "Invalid parameter `type'.", xlWouldReject: false },
    ]);
    expect(parseVifSpec('rate=1.5MB/s', 0).issues[0]!.xlWouldReject).toBe(true);
    expect(parseVifSpec('devid=x', 0).issues).toEqual([
      { message: 'xl: failed to convert "x" to number', xlWouldReject: true },
    ]);
    expect(parseVifSpec('devid=3,mtu=9000', 0).spec).toMatchObject({ devid: 3, mtu: 9000 });
    expect(parseVifSpec('netdev=eth0', 0).spec.gatewaydev).toBe('eth0');
  });

  it('gives an empty spec a default vif', () => {
    expect(parseVifSpec('', 1)).toMatchObject({ spec: { mac: null, bridge: null, devid: 1 }, issues: [] });
  });

  it('reads MACs like strtoul(…, 16) with any separator', () => {
    expect(parseMac('00-16-3e-00-10-01')).toBe('00:16:3e:00:10:01');
    expect(parseMac('0:16:3e:0:1:2')).toBe('00:16:3e:00:01:02');
    expect(parseMac('00:16:3e')).toBeNull();
    expect(parseMac('00:16:3e:00:100:01')).toBeNull();
  });
});
