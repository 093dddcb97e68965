/** One domain's view of a topology (`topology --domain D`): its devices and the shares it is in. */
import type { Topology } from '../model/index.js';

export function topologyForDomain(t: Topology, domain: string): Topology {
  const mine = <T extends { domain: string }>(list: readonly T[]) => list.filter((x) => x.domain === domain);
  return {
    ...t,
    domains: mine(t.domains),
    disks: mine(t.disks),
    vifs: mine(t.vifs),
    affinities: mine(t.affinities),
    shares: t.shares.filter((s) => s.domains.some((d) => d.domain === domain)),
  };
}
