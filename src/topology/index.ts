/**
 * @module topology: who shares which LV, PV, VG, file, bridge, NIC and pCPU, from configs and host
 * captures. Pure, except `resolveLiveLinks`, which reads this machine and is for live hosts only.
 */
export { buildTopology } from './build-topology.js';
export {
  type AliasTables,
  aliasTables,
  type Canonical,
  canonicalTarget,
  EMPTY_ALIASES,
  lvOf,
  splitMapperName,
} from './canonical-target.js';
export { formatCpuList, parseCpuList } from './cpu-list.js';
export {
  factOf,
  type HostNic,
  inputsFromFacts,
  isSysfsAttributeLine,
  NO_INPUTS,
  type RunningDomain,
  type Sourced,
  sysfsFacts,
  type TopologyInputs,
  type XenstoreWrite,
  xenstoreFact,
} from './facts.js';
export { devNumbers, type LiveFs, type LiveLinks, resolveLiveLinks } from './live-links.js';
export { topologyForDomain } from './topology-for-domain.js';
