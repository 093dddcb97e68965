/**
 * From assignments to a `DomainConfig`: applies `+=` and "last assignment wins" as libxlutil does,
 * then reads the keys xl reads with xl's typing rules (reference §3.2: wrong types are warnings and
 * the key counts as absent) and xl's own checks (unknown `on_*` actions, contradicting
 * `builder`/`type`, `maxvcpus < vcpus`), and parses every disk and vif spec.
 */
import type {
  ConfigIssue,
  ConfigNode,
  ConfigSetting,
  ConfigValue,
  DiskSpec,
  DomainConfig,
  DomainType,
  Located,
  VifSpec,
} from '../model/config.js';
import { parseDiskSpec, parseXmDiskSpec } from './xlcfg-disk.js';
import { parseVifSpec } from './xlcfg-vif.js';

/** An assignment from either reader (xl grammar or xm evaluation), before `+=` is applied. */
export interface SettingInput {
  readonly key: string;
  readonly op: '=' | '+=';
  readonly node: ConfigNode;
  readonly line: number;
  readonly keyColumn: number;
  readonly recovered: boolean;
  readonly endToken?: { readonly text: string; readonly line: number };
  /** xm: the name was (re)bound to something that cannot be evaluated, so the key is unknown. */
  readonly unset?: boolean;
}

export interface BuildOptions {
  readonly file: string;
  readonly dialect: 'xl' | 'xm';
  readonly style: 'xl' | 'xm';
  readonly styleReasons: readonly string[];
  /** Read disks with xm's syntax (and report what xl would say about them). */
  readonly xmDisks: boolean;
}

export function nodeValue(node: ConfigNode): ConfigValue {
  return node.kind === 'atom' ? node.text : node.items.map(nodeValue);
}

/** A character's digit value in bases up to 16 (`Number.parseInt(c, 16)`), 99 when it is none. */
function digitOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 99;
}

const LONG_MAX = 0x7fff_ffff_ffff_ffffn;
const LONG_MIN = -0x8000_0000_0000_0000n;

/** C `strtol(s, &ep, 0)` with libxlu's checks: the number, or why it is not one. */
export function strtolBase0(
  s: string,
): { ok: true; value: number } | { ok: false; why: 'invalid' | 'range' } {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') base = 8;
  const from = i;
  // Up to 13 digits (even hex: 52 bits) the value is exact as a double and far inside a long, so
  // the usual `memory = 2048` needs no BigInt; longer numbers take the exact path below.
  let small = 0;
  while (i < s.length && i - from < 13) {
    const d = digitOf(s.charCodeAt(i));
    if (d >= base) break;
    small = small * base + d;
    i++;
  }
  if (i - from < 13 || i === s.length || digitOf(s.charCodeAt(i)) >= base) {
    if (i === from) return { ok: false, why: 'invalid' };
    if (i < s.length) return { ok: false, why: 'invalid' };
    // `0 - 0` is +0, as `Number(-0n)` is.
    return { ok: true, value: neg ? 0 - small : small };
  }
  i = from;
  let v = 0n;
  const big = BigInt(base);
  for (; i < s.length; i++) {
    const d = Number.parseInt(s[i]!, base);
    if (Number.isNaN(d)) break;
    v = v * big + BigInt(d);
  }
  if (i === from) return { ok: false, why: 'invalid' };
  const signed = neg ? -v : v;
  if (signed > LONG_MAX || signed < LONG_MIN) return { ok: false, why: 'range' };
  if (i < s.length) return { ok: false, why: 'invalid' };
  return { ok: true, value: Number(signed) };
}

const ACTIONS = [
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
  'soft-reset',
];

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Keys xl ignores with a warning, or that only xm knew (reference §3.3, §3.7). */
const XM_ONLY_KEYS: Readonly<Record<string, string>> = {
  cpu_cap: 'xm-only key `cpu_cap` is silently ignored by xl (xl uses `cap`)',
  vcpu_avail: 'xm-only key `vcpu_avail` is ignored by xl',
  on_xend_start: 'xm-only key `on_xend_start` is ignored by xl',
  on_xend_stop: 'xm-only key `on_xend_stop` is ignored by xl',
};

const XM_ONLY_ENTRIES = Object.entries(XM_ONLY_KEYS);

export function buildDomainConfig(
  settings: readonly SettingInput[],
  parseIssues: readonly ConfigIssue[],
  opts: BuildOptions,
): DomainConfig {
  const { file } = opts;
  const issues: ConfigIssue[] = [...parseIssues];
  const keys = new Map<string, ConfigSetting>();
  const assignments: ConfigSetting[] = [];

  for (const s of settings) {
    if (s.unset) {
      keys.delete(s.key);
      continue;
    }
    let value = nodeValue(s.node);
    const prev = keys.get(s.key);
    if (s.op === '+=' && prev !== undefined) {
      const prevIsList = typeof prev.value !== 'string';
      const isList = typeof value !== 'string';
      if (prevIsList !== isList) {
        const near = s.endToken ? nearOf(s.endToken.text) : 'near ';
        const msg = `config parsing error ${near}: can't add [list] to "string" or vice versa`;
        issues.push({
          file,
          line: s.line,
          column: s.keyColumn,
          code: 'plus-equals-type',
          message: msg,
          xlWouldReject: true,
          severity: 'error',
          xlText: `${file}:${s.endToken?.line ?? s.line}: ${msg}`,
        });
        assignments.push(settingOf(s, value, file));
        continue;
      }
      value = isList
        ? [...(prev.value as readonly ConfigValue[]), ...(value as readonly ConfigValue[])]
        : (prev.value as string) + (value as string);
    }
    const setting = settingOf(s, value, file);
    assignments.push(setting);
    keys.set(s.key, setting);
  }

  const r = new KeyReader(file, keys, issues);

  // type / builder: prefix comparisons (`strncmp` with the value's length), so "h" is hvm.
  let type: Located<DomainType> | undefined;
  const typeStr = r.getString('type');
  if (typeStr) {
    const v = typeStr.value;
    const t: DomainType | null = prefixOf(v, 'hvm')
      ? 'hvm'
      : prefixOf(v, 'pv')
        ? 'pv'
        : prefixOf(v, 'pvh')
          ? 'pvh'
          : null;
    if (t === null) r.fatal(keys.get('type')!, 'bad-type', `Invalid domain type ${v}.`);
    else type = { value: t, file: typeStr.file, line: typeStr.line, column: typeStr.column };
  }
  const builder = r.getString('builder');
  if (builder) {
    const v = builder.value;
    const t: DomainType | null = prefixOf(v, 'hvm') ? 'hvm' : prefixOf(v, 'generic') ? 'pv' : null;
    if (t === null) r.fatal(keys.get('builder')!, 'bad-type', `Invalid domain type ${v}.`);
    else if (type !== undefined && type.value !== t)
      r.fatal(
        keys.get('builder')!,
        'type-contradiction',
        'Contradicting "builder" and "type" options specified.',
      );
    else type = { value: t, file: builder.file, line: builder.line, column: builder.column };
  }

  const name = r.getString('name');
  if (name === undefined) r.fatal(null, 'no-name', 'Domain name must be specified.');
  const uuid = r.getString('uuid');
  if (uuid && !UUID_RE.test(uuid.value))
    r.fatal(keys.get('uuid')!, 'bad-uuid', `Failed to parse UUID: ${uuid.value}`);

  const memoryMiB = r.getLong('memory');
  const maxmemMiB = r.getLong('maxmem');
  const vcpus = r.getLong('vcpus');
  const maxvcpus = r.getLong('maxvcpus');
  if (maxvcpus !== undefined && vcpus !== undefined && maxvcpus.value !== 0 && maxvcpus.value < vcpus.value)
    r.fatal(keys.get('maxvcpus')!, 'maxvcpus-below-vcpus', 'xl: maxvcpus < vcpus');

  const cmdline = kernelCmdline(r);

  for (const [key, why] of XM_ONLY_ENTRIES) {
    const set = keys.get(key);
    if (set)
      issues.push({
        file,
        line: set.line,
        column: set.keyColumn,
        code: 'xm-only-key',
        message: why,
        xlWouldReject: false,
        severity: 'warning',
      });
  }
  const deviceModel = keys.get('device_model');
  if (deviceModel)
    issues.push({
      file,
      line: deviceModel.line,
      column: deviceModel.keyColumn,
      code: 'ignored-key',
      message: 'WARNING: ignoring device_model directive.',
      xlWouldReject: false,
      severity: 'warning',
      xlText:
        'WARNING: ignoring device_model directive.\nWARNING: Use "device_model_override" instead if you really want a non-default device_model',
    });
  const vif2 = keys.get('vif2');
  if (vif2)
    issues.push({
      file,
      line: vif2.line,
      column: vif2.keyColumn,
      code: 'ignored-key',
      message: 'WARNING: vif2: netchannel2 is deprecated and not supported by xl',
      xlWouldReject: false,
      severity: 'warning',
      xlText: 'WARNING: vif2: netchannel2 is deprecated and not supported by xl',
    });

  const disks: Located<DiskSpec>[] = [];
  const diskList = r.getList('disk');
  if (diskList && diskList.node.kind === 'list') {
    for (const item of diskList.node.items) {
      if (item.kind !== 'atom') {
        nonStringItem(issues, file, item, 'disk');
        break;
      }
      const parsed = opts.xmDisks ? parseXmDiskSpec(item.text) : parseDiskSpec(item.text);
      disks.push({ value: parsed.spec, file, line: item.line, column: item.column });
      for (const e of parsed.errors)
        issues.push({
          file,
          line: item.line,
          column: item.column,
          code: opts.xmDisks ? 'xm-disk-spec' : 'disk-spec',
          message: e,
          xlWouldReject: !opts.xmDisks,
          severity: 'error',
          ...(opts.xmDisks ? {} : { xlText: `${file}: ${e}` }),
        });
      if (opts.xmDisks) {
        // What xl would say about the same entry: the file is xm, but operators migrate.
        const asXl = parseDiskSpec(item.text);
        for (const e of asXl.errors)
          issues.push({
            file,
            line: item.line,
            column: item.column,
            code: 'disk-spec-xl',
            message: e,
            xlWouldReject: true,
            severity: 'error',
            xlText: `${file}: ${e}`,
          });
      }
    }
  }

  const vifs: Located<VifSpec>[] = [];
  const vifList = r.getList('vif');
  if (vifList && vifList.node.kind === 'list') {
    let index = 0;
    for (const item of vifList.node.items) {
      if (item.kind !== 'atom') {
        nonStringItem(issues, file, item, 'vif');
        break;
      }
      const parsed = parseVifSpec(item.text, index++);
      vifs.push({ value: parsed.spec, file, line: item.line, column: item.column });
      for (const e of parsed.issues)
        issues.push({
          file,
          line: item.line,
          column: item.column,
          code: 'vif-spec',
          message: e.message,
          xlWouldReject: e.xlWouldReject,
          severity: e.xlWouldReject ? 'error' : 'warning',
          xlText: e.message.startsWith('config parsing error') ? `${file}: ${e.message}` : e.message,
        });
    }
  }

  // Read every typed field before sorting: reading may add xl's warnings. The fields go straight
  // into the result, in the order of DomainConfig, each only when it has a value.
  const fields: DomainFields = {
    file,
    dialect: opts.dialect,
    style: opts.style,
    styleReasons: opts.styleReasons,
  };
  put(fields, 'name', name);
  put(fields, 'uuid', uuid);
  put(fields, 'type', type);
  put(fields, 'memoryMiB', memoryMiB);
  put(fields, 'maxmemMiB', maxmemMiB);
  put(fields, 'vcpus', vcpus);
  put(fields, 'maxvcpus', maxvcpus);
  put(fields, 'cpus', r.affinity('cpus'));
  put(fields, 'cpusSoft', r.affinity('cpus_soft'));
  put(fields, 'cpuWeight', r.getLong('cpu_weight'));
  put(fields, 'cap', r.getLong('cap'));
  put(fields, 'pool', r.getString('pool'));
  put(fields, 'onPoweroff', r.action('on_poweroff'));
  put(fields, 'onReboot', r.action('on_reboot'));
  put(fields, 'onWatchdog', r.action('on_watchdog'));
  put(fields, 'onCrash', r.action('on_crash'));
  put(fields, 'onSoftReset', r.action('on_soft_reset'));
  put(fields, 'kernel', r.getString('kernel'));
  put(fields, 'ramdisk', r.getString('ramdisk'));
  put(fields, 'bootloader', r.getString('bootloader'));
  put(fields, 'cmdline', cmdline);
  // Arrays grown by push keep room for 17 or more items; the copies kept are their exact size
  // (a fleet audit holds tens of thousands of configs at once).
  fields.disks = disks.slice();
  fields.vifs = vifs.slice();
  fields.keys = recordOf(keys);
  fields.assignments = assignments.slice();
  fields.errors = issues;
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return fields as DomainConfig;
}

/** The command line xl builds: `cmdline`, else `root=` and `extra` (xl_parse.c parse_cmdline). */
function kernelCmdline(r: KeyReader): Located<string> | undefined {
  const c = r.getString('cmdline');
  const root = r.getString('root');
  const extra = r.getString('extra');
  if (c) {
    if (root || extra)
      r.issues.push({
        file: r.file,
        line: c.line,
        column: c.column,
        code: 'cmdline-overrides',
        message: 'Warning: ignoring root= and extra= in favour of cmdline=',
        xlWouldReject: false,
        severity: 'warning',
        xlText: 'Warning: ignoring root= and extra= in favour of cmdline=',
      });
    return c;
  }
  if (root && extra) return { ...root, value: `root=${root.value} ${extra.value}` };
  if (root) return { ...root, value: `root=${root.value}` };
  return extra;
}

/**
 * The settings as a record without a prototype, so that `keys.constructor` is only ever a key. The
 * record is filled as a plain object and loses its prototype afterwards: V8 keeps such an object in
 * its compact fast form, where `Object.create(null)` starts as a hash table (tens of thousands of
 * configs in a fleet audit). A `__proto__` key (possible in xm files) would set the prototype of a
 * plain object instead of adding a key, so such a file takes the hash-table form.
 */
function recordOf(map: ReadonlyMap<string, ConfigSetting>): Record<string, ConfigSetting> {
  if (map.has('__proto__')) {
    const out: Record<string, ConfigSetting> = Object.create(null);
    for (const [k, v] of map) out[k] = v;
    return out;
  }
  const out: Record<string, ConfigSetting> = {};
  for (const [k, v] of map) out[k] = v;
  Object.setPrototypeOf(out, null);
  return out;
}

type DomainFields = { -readonly [K in keyof DomainConfig]?: DomainConfig[K] };

/** Sets an optional field only when there is a value: absent fields stay absent, not `undefined`. */
function put<K extends keyof DomainFields>(
  fields: DomainFields,
  key: K,
  value: DomainFields[K] | undefined,
): void {
  if (value !== undefined) fields[key] = value;
}

const prefixOf = (v: string, word: string): boolean => word.startsWith(v);

/** Reads keys with xlu_cfg_get_*'s typing rules, reporting what xl prints when a type is wrong. */
class KeyReader {
  constructor(
    readonly file: string,
    readonly keys: ReadonlyMap<string, ConfigSetting>,
    readonly issues: ConfigIssue[],
  ) {}

  warn(set: ConfigSetting, code: string, message: string): void {
    this.issues.push({
      file: this.file,
      line: set.line,
      column: set.column,
      code,
      message: `warning: ${message}`,
      xlWouldReject: false,
      severity: 'warning',
      xlText: `${this.file}:${set.line}: warning: ${message}`,
    });
  }

  fatal(set: ConfigSetting | null, code: string, message: string): void {
    this.issues.push({
      file: this.file,
      line: set?.line ?? 1,
      column: set?.column ?? 1,
      code,
      message,
      xlWouldReject: true,
      severity: 'error',
      xlText: message,
    });
  }

  located<T>(set: ConfigSetting, value: T): Located<T> {
    return { value, file: this.file, line: set.line, column: set.column };
  }

  getString(key: string): Located<string> | undefined {
    const set = this.keys.get(key);
    if (set === undefined) return undefined;
    if (typeof set.value !== 'string') {
      this.warn(set, 'not-single-value', `parameter \`${key}' is a list but should be a single value`);
      return undefined;
    }
    return this.located(set, set.value);
  }

  getLong(key: string): Located<number> | undefined {
    const set = this.keys.get(key);
    if (set === undefined) return undefined;
    if (typeof set.value !== 'string') {
      this.warn(set, 'not-single-value', `parameter \`${key}' is a list but should be a single value`);
      return undefined;
    }
    if (set.op === '+=') {
      this.warn(set, 'plus-equals-number', `can't use += with numbers for parameter \`${key}'`);
      return undefined;
    }
    const n = strtolBase0(set.value);
    if (!n.ok) {
      if (n.why === 'range')
        this.warn(
          set,
          'not-a-number',
          `parameter \`${key}' could not be parsed as a number: Numerical result out of range`,
        );
      else this.warn(set, 'not-a-number', `parameter \`${key}' is not a valid number`);
      return undefined;
    }
    return this.located(set, n.value);
  }

  getList(key: string): ConfigSetting | undefined {
    const set = this.keys.get(key);
    if (set === undefined) return undefined;
    if (typeof set.value === 'string') {
      this.warn(set, 'not-a-list', `parameter \`${key}' is a single value but should be a list`);
      return undefined;
    }
    return set;
  }

  /** `cpus`/`cpus_soft`: a string, or a list read up to its first non-string item. */
  affinity(key: string): Located<string | readonly string[]> | undefined {
    const set = this.keys.get(key);
    if (set === undefined) return undefined;
    if (typeof set.value === 'string') return this.located(set, set.value);
    const out: string[] = [];
    for (const item of set.value) {
      if (typeof item !== 'string') break; // xlu_cfg_get_listitem stops at a non-string
      out.push(item);
    }
    return this.located(set, out);
  }

  action(key: string): Located<string> | undefined {
    const v = this.getString(key);
    if (v && !ACTIONS.includes(v.value))
      this.fatal(this.keys.get(key)!, 'bad-action', `Unknown ${key} action "${v.value}" specified`);
    return v;
  }
}

function nearOf(text: string): string {
  const t = text.endsWith('\n') ? text.slice(0, -1).replace(/[ \t]+$/, '') : text.replace(/[ \t]+$/, '');
  if (t === '') return text.endsWith('\n') ? 'near <newline>' : 'near ';
  return `near \`${t}'`;
}

function nonStringItem(issues: ConfigIssue[], file: string, item: ConfigNode, key: string): void {
  issues.push({
    file,
    line: item.line,
    column: item.column,
    code: 'list-in-device-list',
    message: `a list inside \`${key}': xl stops reading ${key} entries here`,
    xlWouldReject: false,
    severity: 'warning',
  });
}

function settingOf(s: SettingInput, value: ConfigValue, file: string): ConfigSetting {
  const setting: { -readonly [K in keyof ConfigSetting]: ConfigSetting[K] } = {
    key: s.key,
    op: s.op,
    value,
    node: s.node,
    file,
    line: s.line,
    column: s.node.column,
    keyColumn: s.keyColumn,
  };
  // Only when set (last, as the spread that made it before put it): most settings have none.
  if (s.recovered) setting.recovered = true;
  return setting;
}
