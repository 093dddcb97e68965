/** Facts the rules derive from `xl info`: pCPUs, memory, and dom0's share from the Xen command line. */

/** Xen's `parse_size_and_unit`: a number with B/K/M/G/T (no suffix: KiB) → MiB. */
export function sizeToMiB(text: string): number | null {
  const m = /^(\d+)([bBkKmMgGtT]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  switch ((m[2] ?? '').toUpperCase()) {
    case 'B':
      return n / 1048576;
    case 'M':
      return n;
    case 'G':
      return n * 1024;
    case 'T':
      return n * 1048576;
    default:
      return n / 1024;
  }
}

/** dom0's memory from `dom0_mem=` in `xen_commandline` (`1024M,max:1024M`), null when not set. */
export function dom0MemMiB(commandline: string | undefined): { mib: number; text: string } | null {
  if (commandline === undefined) return null;
  const m = /(?:^|\s)dom0_mem=(\S+)/.exec(commandline);
  if (!m) return null;
  let size: number | null = null;
  let max: number | null = null;
  for (const part of m[1]!.split(',')) {
    if (part.startsWith('max:')) max = sizeToMiB(part.slice(4));
    else if (part.startsWith('min:')) continue;
    else size = sizeToMiB(part);
  }
  const mib = size ?? max;
  return mib === null ? null : { mib: Math.round(mib), text: `dom0_mem=${m[1]}` };
}

/** The pCPUs dom0 is pinned to (`dom0_vcpus_pin` with `dom0_max_vcpus=N` or `=min-max`), or null. */
export function dom0PinnedCpus(commandline: string | undefined): number[] | null {
  if (commandline === undefined || !/(?:^|\s)dom0_vcpus_pin(?:=(?:1|true|on|yes))?(?:\s|$)/.test(commandline))
    return null;
  const m = /(?:^|\s)dom0_max_vcpus=(?:\d+-)?(\d+)/.exec(commandline);
  if (!m) return null;
  return Array.from({ length: Number(m[1]) }, (_, i) => i);
}

export function numberFact(facts: Readonly<Record<string, string>>, key: string): number | null {
  const v = facts[key];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null;
}
