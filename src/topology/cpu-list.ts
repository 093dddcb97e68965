/**
 * CPU lists as xl writes them (`cpus = "0-3,^1"`, `xl vcpu-list`'s `0-1,4` / `all`): the pCPUs they
 * name. `nodes:` lists need the NUMA layout and are left unresolved.
 */

/** The pCPUs a list names; null for `all` (or `any cpu`), undefined when it cannot be read. */
export function parseCpuList(text: string, nrCpus: number | null): readonly number[] | null | undefined {
  const t = text.trim();
  if (t === '' || t === 'all' || t === 'any cpu') return null;
  const set = new Set<number>();
  let sawPositive = false;
  for (const raw of t.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const neg = part.startsWith('^');
    const body = neg ? part.slice(1) : part;
    if (body === 'all') {
      if (nrCpus === null) return undefined;
      for (let c = 0; c < nrCpus; c++) set.add(c);
      sawPositive = true;
      continue;
    }
    const m = /^(\d+)(?:-(\d+))?$/.exec(body);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 4096) return undefined;
    for (let c = lo; c <= hi; c++) {
      if (neg) set.delete(c);
      else set.add(c);
    }
    if (!neg) sawPositive = true;
  }
  if (!sawPositive) {
    // `^1` alone: every pCPU but these.
    if (nrCpus === null) return undefined;
    const all = new Set(Array.from({ length: nrCpus }, (_, i) => i));
    for (const raw of t.split(',')) {
      const m = /^\^(\d+)(?:-(\d+))?$/.exec(raw.trim());
      if (!m) continue;
      for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) all.delete(c);
    }
    return [...all].sort((a, b) => a - b);
  }
  const list = [...set].sort((a, b) => a - b);
  if (nrCpus !== null && list.length === nrCpus && list.every((c, i) => c === i)) return null;
  return list;
}

/** `[0,1,2,5]` → `0-2,5`. */
export function formatCpuList(cpus: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j]! + 1) j++;
    out.push(j === i ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return out.join(',');
}
