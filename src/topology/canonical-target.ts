/**
 * One name per backing store (reference §3.4, §4.1): the same LV is written `/dev/vg/lv`,
 * `/dev/mapper/vg-lv` (with `-` in names doubled), `vg/lv` (xl prepends `/dev/`), `phy:/dev/vg/lv`,
 * `/dev/dm-3`, or seen as blkback's `253:3`. Resolution is pure: it uses only what the captures say
 * (lvs output, an `ls -l` of `/dev`), never the machine xenscope runs on (see live-links.ts).
 */
import type { BackingId, BackingKind, DevNodeRecord, LvmLvRecord } from '../model/index.js';

/** What the captures say about this host's devices. Build it with `aliasTables`. */
export interface AliasTables {
  /** `vg/lv` of every LV lvs listed. */
  readonly lvs: ReadonlySet<string>;
  /** Every VG lvs or pvs listed. */
  readonly vgs: ReadonlySet<string>;
  /** `major:minor` → the node path or LV it is (from dev listings and lvs kernel numbers). */
  readonly byNumber: ReadonlyMap<string, string>;
  /** Symlink path → target (an `ls -l` of `/dev/<vg>`). */
  readonly links: ReadonlyMap<string, string>;
  /** Block node path → `major:minor`. */
  readonly numbers: ReadonlyMap<string, string>;
  /** File path → the path of the same inode seen first (hard links; live hosts only). */
  readonly sameFile?: ReadonlyMap<string, string>;
}

export interface Canonical {
  readonly id: BackingId;
  readonly kind: BackingKind;
  /** `certain`: the captures (or the path's form) say so; `shape`: a VG recognised by its name only. */
  readonly confidence: 'certain' | 'shape';
  /** How the name was resolved, for evidence (`/dev/dm-0 is 253:0 = vg0-domu1--disk in dev-vg0.txt`). */
  readonly steps: readonly string[];
}

export const EMPTY_ALIASES: AliasTables = {
  lvs: new Set(),
  vgs: new Set(),
  byNumber: new Map(),
  links: new Map(),
  numbers: new Map(),
};

/** Prefixes xl strips and ignores (they do not force a backend). */
const IGNORED_PREFIXES = [
  'phy',
  'file',
  'tap',
  'tap2',
  'aio',
  'ioemu',
  'tapdisk',
  'raw',
  'qcow',
  'qcow2',
  'vhd',
];
/** Prefixes (and `script=block-<name>`) whose target is a script argument, not a path. */
const SCRIPT_KINDS: Readonly<Record<string, BackingKind>> = {
  iscsi: 'iscsi',
  nbd: 'nbd',
  enbd: 'nbd',
  drbd: 'drbd',
  rbd: 'rbd',
};
const ID_RE = /^(lv|block|file|rbd|iscsi|nbd|drbd|unknown):/;
/** Folders of `/dev` that are never a VG (`/dev/<vg>/<lv>` is otherwise an LV by shape). */
const NOT_VG = new Set([
  'mapper',
  'disk',
  'block',
  'char',
  'md',
  'xen',
  'bus',
  'input',
  'net',
  'pts',
  'shm',
  'snd',
  'cpu',
  'dri',
  'hugepages',
  'mqueue',
  'fd',
  'vfio',
  'usb',
  'zvol',
  'rbd',
  'drbd',
  'nbd',
  'loop',
  'bsg',
  'dm',
]);
const MAX_LINKS = 8;

/** Builds the alias tables from lvs records and `/dev` listings. */
export function aliasTables(
  lvs: readonly Pick<LvmLvRecord, 'lv' | 'vg' | 'kernelMajor' | 'kernelMinor'>[],
  vgs: readonly string[],
  nodes: readonly Pick<DevNodeRecord, 'path' | 'kind' | 'major' | 'minor' | 'target'>[],
  live?: {
    readonly links: ReadonlyMap<string, string>;
    readonly numbers: ReadonlyMap<string, string>;
    readonly sameFile: ReadonlyMap<string, string>;
  },
): AliasTables {
  const lvSet = new Set<string>();
  const vgSet = new Set<string>(vgs.filter((v) => v !== ''));
  const byNumber = new Map<string, string>();
  const links = new Map<string, string>();
  const numbers = new Map<string, string>();
  for (const r of lvs) {
    lvSet.add(`${r.vg}/${r.lv}`);
    vgSet.add(r.vg);
    if (r.kernelMajor !== undefined && r.kernelMinor !== undefined)
      byNumber.set(`${r.kernelMajor}:${r.kernelMinor}`, `/dev/${r.vg}/${r.lv}`);
  }
  for (const n of nodes) {
    if (n.kind === 'symlink' && n.target !== undefined) links.set(n.path, n.target);
    if (n.kind === 'block' && n.major !== undefined && n.minor !== undefined) {
      const mm = `${n.major}:${n.minor}`;
      numbers.set(n.path, mm);
      // A /dev/mapper name says more than /dev/dm-N: keep it when both are listed.
      const had = byNumber.get(mm);
      if (
        had === undefined ||
        (!had.startsWith('/dev/mapper/') && n.path.startsWith('/dev/mapper/')) ||
        /\/dm-\d+$/.test(had)
      )
        byNumber.set(mm, n.path);
    }
  }
  if (live) {
    for (const [p, t] of live.links) links.set(p, t);
    for (const [p, mm] of live.numbers) {
      numbers.set(p, mm);
      if (!byNumber.has(mm)) byNumber.set(mm, p);
    }
  }
  return { lvs: lvSet, vgs: vgSet, byNumber, links, numbers, ...(live ? { sameFile: live.sameFile } : {}) };
}

/** `/dev/mapper/` name → [vg, lv]: the first `-` not doubled splits them, `--` is a `-`. */
export function splitMapperName(name: string): [string, string] | null {
  for (let i = 1; i < name.length - 1; i++) {
    if (name[i] !== '-') continue;
    if (name[i + 1] === '-') {
      i++;
      continue;
    }
    const vg = name.slice(0, i).replaceAll('--', '-');
    const lv = name.slice(i + 1).replaceAll('--', '-');
    if (vg === '' || lv === '' || lv.startsWith('-')) return null;
    return [vg, lv];
  }
  return null;
}

/** An absolute path `normalisePath` leaves as it is (`\s` is exactly what `trim` removes). */
const NORMAL_PATH_RE = /^(?:\/(?!\.\.?(?:\/|$))[^/\s]+)+$/;

/**
 * Folds `//`, `.` and `..` in an absolute path (text only). Blanks around a component are dropped:
 * xl keeps trailing blanks of a spec, and a name must not differ by them.
 */
function normalisePath(p: string): string {
  // Most paths are already normal (`/dev/vg0/web`): no blank, no empty, `.` or `..` component.
  if (NORMAL_PATH_RE.test(p)) return p;
  const out: string[] = [];
  for (const raw of p.split('/')) {
    const part = raw.trim();
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/**
 * The canonical backing of a disk target as written (config, `pdev_path`, xenstore `params`,
 * `major:minor`). Never throws; `canonicalTarget(canonicalTarget(x).id)` is `canonicalTarget(x)`.
 * `script` is the disk's `script=` (`block-iscsi`), when it has one.
 */
export function canonicalTarget(
  asWritten: string,
  aliases: AliasTables = EMPTY_ALIASES,
  script?: string | null,
): Canonical {
  try {
    return resolve(asWritten, aliases, script ?? null);
  } catch {
    return {
      id: `unknown:${asWritten}`,
      kind: 'unknown',
      confidence: 'certain',
      steps: ['could not be read'],
    };
  }
}

function resolve(asWritten: string, a: AliasTables, script: string | null): Canonical {
  const steps: string[] = [];
  const id = ID_RE.exec(asWritten);
  // Already canonical (the `file:` prefix of xl and our `file:` id agree: both mean a path).
  if (id && id[1] !== 'file') {
    const kind = id[1] as BackingKind;
    if (SCRIPT_KINDS[kind] !== undefined) return scriptTarget(kind, asWritten.slice(id[0].length));
    return { id: asWritten, kind, confidence: 'certain', steps };
  }
  let t = asWritten.trim();
  if (t === '')
    return {
      id: 'unknown:',
      kind: 'unknown',
      confidence: 'certain',
      steps: ['no target (an empty CD-ROM drive)'],
    };
  // `block` (also as `/etc/xen/scripts/block`) is the default script: the target is a plain path.
  if (script && /(?:^|\/)block$/.test(script.trim())) script = null;
  const scriptKind = script ? SCRIPT_KINDS[script.replace(/^.*\//, '').replace(/^block-/, '')] : undefined;
  if (scriptKind !== undefined) return scriptTarget(scriptKind, t);
  if (script)
    return {
      id: `unknown:${t}`,
      kind: 'unknown',
      confidence: 'certain',
      steps: [`target of script ${script}`],
    };
  for (let guard = 0; guard < 4; guard++) {
    const m = /^([a-z0-9]+):(.*)$/.exec(t);
    if (!m) break;
    const prefix = m[1]!;
    if (SCRIPT_KINDS[prefix] !== undefined) return scriptTarget(SCRIPT_KINDS[prefix]!, m[2]!);
    if (!IGNORED_PREFIXES.includes(prefix)) break;
    t = m[2]!.trim();
  }
  if (/^\d+:\d+$/.test(t)) return byNumber(t, a, steps);
  if (t === '')
    return {
      id: 'unknown:',
      kind: 'unknown',
      confidence: 'certain',
      steps: ['no target (an empty CD-ROM drive)'],
    };
  if (!t.startsWith('/')) {
    steps.push(`${t} has no leading /: xl reads it as /dev/${t}`);
    t = `/dev/${t}`;
  }
  return byPath(normalisePath(t), a, steps, 0);
}

function scriptTarget(kind: BackingKind, rest: string): Canonical {
  let r = rest.trim();
  // rbd:pool/image[@snap][:opt=value…]: the image is the identity, options are not (`\:` is a colon in a name).
  if (kind === 'rbd')
    r = r
      .replace(/^(?:rbd:\s*)+/, '')
      .split(/(?<!\\):/)[0]!
      .trim();
  return {
    id: `${kind}:${r}`,
    kind,
    confidence: 'certain',
    steps: [`a ${kind} target, handled by its block script`],
  };
}

function byNumber(mm: string, a: AliasTables, steps: string[]): Canonical {
  const path = a.byNumber.get(mm);
  if (path === undefined) {
    steps.push(`no capture names device ${mm}`);
    return { id: `unknown:${mm}`, kind: 'unknown', confidence: 'certain', steps };
  }
  steps.push(`device ${mm} is ${path}`);
  return byPath(path, a, steps, 0);
}

function byPath(p: string, a: AliasTables, steps: string[], depth: number): Canonical {
  const link = a.links.get(p);
  if (link !== undefined && depth < MAX_LINKS) {
    steps.push(`${p} -> ${link}`);
    return byPath(normalisePath(link), a, steps, depth + 1);
  }
  const parts = p.split('/');
  parts.shift(); // what precedes the leading `/`
  if (parts[0] !== 'dev') {
    const first = a.sameFile?.get(p);
    if (first !== undefined) steps.push(`${p} is a hard link of ${first}`);
    return { id: `file:${first ?? p}`, kind: 'file', confidence: 'certain', steps };
  }
  if (parts.length === 3 && parts[1] === 'mapper') {
    const split = splitMapperName(parts[2]!);
    if (split !== null) return lv(split[0], split[1], a, steps, p);
    return { id: `block:${p}`, kind: 'block', confidence: 'certain', steps };
  }
  if (parts.length === 2 && /^dm-\d+$/.test(parts[1]!)) {
    const mm = a.numbers.get(p) ?? dmNumber(parts[1]!, a);
    const named = mm !== undefined ? a.byNumber.get(mm) : undefined;
    if (named !== undefined && named !== p && depth < MAX_LINKS) {
      steps.push(`${p} is ${mm} = ${named}`);
      return byPath(named, a, steps, depth + 1);
    }
    return { id: `block:${p}`, kind: 'block', confidence: 'certain', steps };
  }
  if (parts.length === 3 && !NOT_VG.has(parts[1]!) && parts[1] !== '')
    return lv(parts[1]!, parts[2]!, a, steps, p);
  if (parts.length === 2 && /^drbd\d+$/.test(parts[1]!))
    return { id: `drbd:${p}`, kind: 'drbd', confidence: 'certain', steps };
  if (parts.length === 2 && /^nbd\d+$/.test(parts[1]!))
    return { id: `nbd:${p}`, kind: 'nbd', confidence: 'certain', steps };
  return { id: `block:${p}`, kind: 'block', confidence: 'certain', steps };
}

/** `/dev/dm-N` is minor N of the device-mapper major: the major any listed mapper node has. */
function dmNumber(name: string, a: AliasTables): string | undefined {
  const minor = name.slice(3);
  for (const [path, mm] of a.numbers)
    if (path.startsWith('/dev/mapper/')) return `${mm.split(':')[0]}:${minor}`;
  for (const mm of a.byNumber.keys())
    if (a.byNumber.get(mm)!.startsWith('/dev/mapper/')) return `${mm.split(':')[0]}:${minor}`;
  return undefined;
}

function lv(vg: string, name: string, a: AliasTables, steps: string[], path: string): Canonical {
  const id = `lv:${vg}/${name}`;
  if (a.lvs.has(`${vg}/${name}`))
    return { id, kind: 'lv', confidence: 'certain', steps: [...steps, `lvs lists ${vg}/${name}`] };
  if (a.vgs.has(vg))
    return { id, kind: 'lv', confidence: 'certain', steps: [...steps, `lvs lists VG ${vg}`] };
  return {
    id,
    kind: 'lv',
    confidence: 'shape',
    steps: [...steps, `${path} is read as LV ${name} of VG ${vg} by its shape; no lvs output says so`],
  };
}

/** `lv:vg/name` → [vg, name]; null for other backings. */
export function lvOf(id: BackingId): [string, string] | null {
  // `^lv:([^/]+)\/(.+)$` without a regex: the VG runs to the first `/`, the name to the end and,
  // like `.`, holds no line terminator.
  if (!id.startsWith('lv:')) return null;
  const slash = id.indexOf('/', 3);
  if (slash <= 3 || slash === id.length - 1) return null;
  const name = id.slice(slash + 1);
  if (LINE_TERMINATOR_RE.test(name)) return null;
  return [id.slice(3, slash), name];
}

const LINE_TERMINATOR_RE = /[\n\r\u2028\u2029]/;
