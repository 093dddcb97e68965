import { parseConfigText } from './src/formats/xlcfg.js';
import { scanXm } from './src/formats/xlcfg-xm.js';
import { parseXlSyntax } from './src/formats/xlcfg-syntax.js';
import { parseDiskSpec } from './src/formats/xlcfg-disk.js';
const text = `# dom1: generated
name = "dom1"
uuid = "c7a5fdb2-cdaf-9455-926a-00174876e801"
type = "pv"
memory = 1024
maxmem = 2048
vcpus = 2
cpus = "0-3"
on_crash = "restart"
disk = [
    'phy:/dev/vg0/dom1-root,xvda,w',   # root
    "/dev/vg0/dom1-data,raw,xvdb,rw",
    'format=qcow2,vdev=xvdc,access=ro,backendtype=qdisk,target=/srv/img/dom1.qcow2',
]
vif = [ 'mac=00:16:3e:00:01:22,bridge=xenbr1,rate=10Mb/s@20ms', 'bridge=br-lan,ip=10.0.1.1 ' ]
extra = "console=hvc0"
extra += " quiet"
vnuma = [ [ "pnode=0", "size=512", "vcpus=0" ], [ "pnode=1", "size=512", "vcpus=1" ] ]
`;
const time = (label: string, f: () => void) => { for (let i=0;i<300;i++) f(); const t=performance.now(); for (let i=0;i<3000;i++) f(); console.log(label, ((performance.now()-t)/3000*1000).toFixed(1), 'us'); };
time('full', () => parseConfigText(text, 'x'));



import { buildDomainConfig } from './src/formats/xlcfg-domain.js';
import { parseVifSpec } from './src/formats/xlcfg-vif.js';
const syn = parseXlSyntax(text, 'x');
time('build', () => buildDomainConfig(syn.settings, syn.issues, { file: 'x', dialect: 'xl', style: 'xl', styleReasons: [], xmDisks: false }));
time('syntax', () => parseXlSyntax(text, 'x'));
time('vif x2', () => { parseVifSpec('mac=00:16:3e:00:01:22,bridge=xenbr1,rate=10Mb/s@20ms', 0); parseVifSpec('bridge=br-lan,ip=10.0.1.1 ', 1); });
time('disk x3', () => { parseDiskSpec('phy:/dev/vg0/dom1-root,xvda,w'); parseDiskSpec('/dev/vg0/dom1-data,raw,xvdb,rw'); parseDiskSpec('format=qcow2,vdev=xvdc,access=ro,backendtype=qdisk,target=/srv/img/dom1.qcow2'); });
const re = /^#.*(?:-\*-\s*mode:\s*python|\bxm create\b)/im;
time('marker re', () => re.exec(text));
