import { readFileSync } from 'node:fs';
import { parseConfigText } from './src/formats/xlcfg.js';
const f = process.argv[2]!;
const c = parseConfigText(readFileSync(f, 'utf8'), f);
const brief = {
  dialect: c.dialect, style: c.style, styleReasons: c.styleReasons,
  name: c.name?.value, mem: c.memoryMiB?.value, vcpus: c.vcpus?.value, type: c.type?.value,
  disks: c.disks.map(d => [d.value.target, d.value.format, d.value.vdev, d.value.access, d.value.readwrite, d.value.prefix.join(''), d.value.cdrom, d.line]),
  vifs: c.vifs.map(v => [v.value.mac, v.value.bridge, v.value.ip, v.value.rate, v.value.devid]),
  errors: c.errors.map(e => `${e.line}:${e.column} ${e.code} ${e.xlWouldReject ? 'REJ' : ''} ${e.message}`),
};
console.log(JSON.stringify(brief, null, 1));
