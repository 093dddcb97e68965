/** `--baseline FILE`: the fingerprints of a previous `--format json` (or `sarif`) run. */
import { UsageError } from '../model/index.js';

export function readBaseline(text: string, file: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(
      `${file}: a baseline is the output of \`xenscope audit --format json\` (or sarif); this is not JSON`,
    );
  }
  const out = new Set<string>();
  const d = doc as {
    findings?: { fingerprint?: unknown }[];
    runs?: { results?: { partialFingerprints?: Record<string, unknown> }[] }[];
  };
  if (Array.isArray(d?.findings)) {
    for (const f of d.findings) if (typeof f?.fingerprint === 'string') out.add(f.fingerprint);
    return out;
  }
  if (Array.isArray(d?.runs)) {
    for (const run of d.runs)
      for (const r of run?.results ?? []) {
        const fp = r?.partialFingerprints?.['xenscope/v1'];
        if (typeof fp === 'string') out.add(fp);
      }
    return out;
  }
  throw new UsageError(
    `${file}: no findings in it; a baseline is the output of \`xenscope audit --format json\``,
  );
}
