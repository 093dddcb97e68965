/**
 * The topology of Step 2 as a prior (design.md, "How the explanation works" §2): who shares a
 * disk's LV/PV/VG/file system, a bridge or NIC, or pCPUs with whom. Read from the store's facts
 * when the store has them; any failure means "no prior", never an error: topology is a prior, not
 * a requirement.
 */
import type { Resource, Topology } from '../model/index.js';
import type { Store } from '../store/store.js';
import { buildTopology, inputsFromFacts } from '../topology/index.js';
import type { TopologyPrior } from './types.js';

/** Which series resource a kind of share contends on; identity shares (mac, name, ...) are not contention. */
const RESOURCE_OF_SHARE: Readonly<Record<string, Resource>> = {
  target: 'vbd',
  pv: 'vbd',
  vg: 'vbd',
  'file-fs': 'vbd',
  bridge: 'vif',
  nic: 'vif',
  pcpu: 'cpu',
};

export function priorFromTopology(t: Topology): TopologyPrior {
  return {
    shares: t.shares
      .filter((s) => RESOURCE_OF_SHARE[s.kind] !== undefined)
      .map((s) => ({
        kind: s.kind,
        name: s.resource,
        resource: RESOURCE_OF_SHARE[s.kind]!,
        // `detail` reads "xvda on lv:vg0/web03-disk": its first word is the guest's device.
        members: s.domains.map((d) => ({
          domain: d.domain,
          device: /^[a-z]+[0-9a-z]*$/.test(d.detail.split(' ')[0] ?? '') ? d.detail.split(' ')[0]! : null,
        })),
      })),
  };
}

export async function loadTopologyPrior(store: Store, host: string): Promise<TopologyPrior | null> {
  if (typeof store.facts !== 'function') return null;
  try {
    const facts = await store.facts(host);
    if (facts.length === 0) return null;
    const prior = priorFromTopology(buildTopology(host, inputsFromFacts(facts)));
    return prior.shares.length > 0 ? prior : null;
  } catch {
    return null;
  }
}
