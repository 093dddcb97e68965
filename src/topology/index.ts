/**
 * @module topology: who shares which LV, PV, VG, file, bridge, NIC and pCPU, from configs and host
 * captures. Pure, except `resolveLiveLinks`, which reads this machine and is for live hosts only.
 */
export { buildTopology } from './build-topology.js';
export {
  type AliasTables,
  type Canonical,
  aliasTables,
  canonicalTarget,
  EMPTY_ALIASES,
  lvOf,
  splitMapperName,
} from './canonical-target.js';
export { formatCpuList, parseCpuList } from './cpu-list.js';
export {
  type HostNic,
  type RunningDomain,
  type Sourced,
  type TopologyInputs,
  type XenstoreWrite,
  factOf,
  inputsFromFacts,
  isSysfsAttributeLine,
  NO_INPUTS,
  sysfsFacts,
  xenstoreFact,
} from './facts.js';
export { type LiveFs, type LiveLinks, devNumbers, resolveLiveLinks } from './live-links.js';
export { topologyForDomain } from './topology-for-domain.js';
