/**
 * Which host the imported files belong to, when `--host` is not given: the `host` line of an `xl
 * info` among them, else the most common syslog host name in their heads, else `localhost`.
 */

const XL_INFO_HOST = /^host\s*:\s*(\S+)\s*$/;
const SYSLOG_HOST =
  /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)) (\S+) \S+?(?:\[\d+\])?: /;

export function guessHost(heads: readonly (readonly string[])[]): string {
  for (const head of heads) {
    if (!head.some((l) => /^xen_version\s*:/.test(l) || /^nr_cpus\s*:/.test(l))) continue;
    for (const l of head) {
      const m = XL_INFO_HOST.exec(l);
      if (m) return m[1]!;
    }
  }
  const counts = new Map<string, number>();
  for (const head of heads)
    for (const l of head) {
      const m = SYSLOG_HOST.exec(l);
      if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
    }
  let best = 'localhost';
  let n = 0;
  for (const [h, c] of counts)
    if (c > n) {
      best = h;
      n = c;
    }
  return best;
}
