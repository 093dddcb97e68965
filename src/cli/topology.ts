/** `xenscope topology`: who shares which volume, PV, VG, bridge, NIC and pCPU, with the evidence. */
import type { Command } from 'commander';
import { InputError, type Share, type ShareKind, type Topology, UsageError } from '../model/index.js';
import type { Store } from '../store/index.js';
import { buildTopology, inputsFromFacts, resolveLiveLinks, topologyForDomain } from '../topology/index.js';
import {
  dbOption,
  EXIT,
  formatOption,
  type GlobalOptions,
  jsonOption,
  openStoreFrom,
  outputFormat,
  runCommand,
  storeOption,
} from './common.js';

interface TopologyFlags extends GlobalOptions {
  host?: string;
  domain?: string;
  live?: boolean;
}

const HEADINGS: Record<ShareKind, string> = {
  target: 'same backing target',
  pv: 'same physical volume',
  vg: 'same volume group',
  'file-fs': 'image files on the same filesystem',
  bridge: 'same bridge',
  nic: 'same host NIC',
  pcpu: 'same pinned pCPUs',
  mac: 'duplicate MAC',
  ip: 'duplicate IP',
  name: 'duplicate name',
  uuid: 'duplicate UUID',
};

export function registerTopology(program: Command): void {
  program
    .command('topology')
    .description('who shares which volume, PV, VG, bridge, NIC and pCPU with whom, and the evidence')
    .option('--host <name>', 'the host (default: the only host in the store)')
    .option('--domain <name>', 'only this domain and what it shares')
    .option(
      '--live',
      "resolve symlinks, hard links and bridges against this machine (only when the store's host is this machine)",
    )
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((flags: TopologyFlags) => runCommand(() => runTopology(flags)));
}

async function chooseHost(store: Store, flag: string | undefined): Promise<string> {
  if (flag !== undefined) return flag;
  const hosts = await store.hosts();
  const withFacts: string[] = [];
  for (const h of hosts) if ((await store.facts(h)).length > 0) withFacts.push(h);
  if (withFacts.length === 1) return withFacts[0]!;
  if (withFacts.length === 0)
    throw new InputError(
      'the store has no domain configs or topology captures; import /etc/xen, `xl info`, `lvs -o +devices` or `xl list -l` output first',
    );
  throw new UsageError(`the store holds several hosts (${withFacts.join(', ')}); choose one with --host`);
}

async function runTopology(flags: TopologyFlags): Promise<number> {
  const store = await openStoreFrom(flags, { mustExist: true });
  let topology: Topology;
  try {
    const host = await chooseHost(store, flags.host);
    const facts = await store.facts(host);
    if (facts.length === 0)
      throw new InputError(
        `no domain configs or topology captures for host ${host}; import its /etc/xen, \`xl info\`, \`lvs -o +devices\`, \`ls -l /dev/mapper\` or \`xl list -l\` output first`,
      );
    const inputs = inputsFromFacts(facts);
    const sightings = await store.domainSightings(host);
    const domidNames = sightings.flatMap((s) => (s.domid !== null ? [{ domid: s.domid, name: s.name }] : []));
    let live: Awaited<ReturnType<typeof resolveLiveLinks>> | undefined;
    if (flags.live) {
      const paths = [
        ...inputs.configs.flatMap((c) => c.value.disks.map((d) => d.value.target ?? '')),
        ...inputs.running.flatMap((r) => pdevPaths(r.value.config)),
      ].map((p) =>
        p !== '' && !p.startsWith('/') && !p.includes(':')
          ? `/dev/${p}`
          : p.replace(/^(?:phy|file|tap|aio):/, ''),
      );
      live = await resolveLiveLinks(paths);
    }
    topology = buildTopology(host, { ...inputs, domidNames, ...(live ? { live } : {}) });
  } finally {
    await store.close();
  }
  if (flags.domain !== undefined) {
    if (!topology.domains.some((d) => d.domain === flags.domain))
      throw new InputError(`host ${topology.host} has no domain ${flags.domain} in its configs or captures`);
    topology = topologyForDomain(topology, flags.domain);
  }
  if (outputFormat(flags) === 'json') process.stdout.write(`${JSON.stringify(topology)}\n`);
  else process.stdout.write(renderText(topology));
  return EXIT.ok;
}

function pdevPaths(config: unknown): string[] {
  const disks = (config as { disks?: unknown })?.disks;
  if (!Array.isArray(disks)) return [];
  return disks.flatMap((d) =>
    typeof (d as { pdev_path?: unknown })?.pdev_path === 'string'
      ? [(d as { pdev_path: string }).pdev_path]
      : [],
  );
}

function member(m: Share['domains'][number]): string {
  const where = m.config !== null ? ` (${m.config})` : '';
  return `${m.domain}${where}: ${m.detail}${m.writable ? '' : ' [read-only]'}`;
}

/** Text: one block per share kind, strongest first, each share with its members and evidence. */
export function renderText(t: Topology): string {
  const out: string[] = [];
  const live = t.domains.filter((d) => d.config === null).length;
  out.push(
    `host ${t.host}: ${t.domains.length} domains (${live} live, ${t.domains.length - live} from configs only), ${t.disks.length} disks, ${t.vifs.length} vifs, ${t.lvs.length} LVs`,
  );
  if (t.hostCpus)
    out.push(
      `  pCPUs ${t.hostCpus.nrCpus ?? '?'}, memory ${t.hostCpus.totalMemoryMiB ?? '?'} MiB (${t.hostCpus.freeMemoryMiB ?? '?'} free)`,
    );
  if (t.shares.length === 0) {
    out.push('', 'no resource is used by two domains');
    return `${out.join('\n')}\n`;
  }
  let kind: ShareKind | null = null;
  for (const s of t.shares) {
    if (s.kind !== kind) {
      kind = s.kind;
      out.push('', `== ${HEADINGS[s.kind]}`);
    }
    const writers = s.domains.filter((d) => d.writable).length;
    const flag = s.kind === 'target' && writers > 0 ? ` (${writers} writable)` : '';
    out.push(`${s.resource}: ${s.domains.length} domains${flag}`);
    for (const m of s.domains) out.push(`    ${member(m)}`);
    for (const n of s.notes) out.push(`    note: ${n}`);
    for (const e of s.evidence) out.push(`    evidence ${e}`);
  }
  return `${out.join('\n')}\n`;
}
