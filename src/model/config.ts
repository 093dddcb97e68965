/**
 * A domain configuration file (`xl.cfg`, or a legacy xm/xend Python file) as parsed by
 * `formats/xlcfg.ts` (design.md, "Records": DomainConfig). Every value keeps its file position so
 * that audits and topology can point at the line an operator has to edit.
 */

/** A value with the place it was written. Lines and columns are 1-based; columns count characters. */
export interface Located<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A setting's value as libxlu stores it: numbers stay text (`memory = 512` and `memory = "512"` are
 * the same value), lists may nest and mix.
 */
export type ConfigValue = string | readonly ConfigValue[];

/** One atom as written: its text after dequoting, the source token, and how it was quoted. */
export interface ConfigAtomNode {
  readonly kind: 'atom';
  readonly text: string;
  /** The token exactly as in the file (`'phy:/dev/vg/a,xvda,w'`, `512`); an expression for xm files. */
  readonly token: string;
  readonly quote: '"' | "'" | null;
  readonly line: number;
  readonly column: number;
}

export interface ConfigListNode {
  readonly kind: 'list';
  readonly items: readonly ConfigNode[];
  readonly line: number;
  readonly column: number;
}

export type ConfigNode = ConfigAtomNode | ConfigListNode;

/** One assignment (`key = value` or `key += value`). `value` is the effective value after `+=`. */
export interface ConfigSetting extends Located<ConfigValue> {
  readonly key: string;
  readonly op: '=' | '+=';
  /** The value as written on this statement, with token positions. */
  readonly node: ConfigNode;
  /** Column of the key (the statement's start); `column` is where the value starts. */
  readonly keyColumn: number;
  /**
   * The statement had a syntax error that xl rejects, and this is our best reading of it (a list
   * with its bad elements dropped). Audits may use it; xl never would.
   */
  readonly recovered?: boolean;
}

/** error: xl refuses it; warning: xl warns or ignores the setting; info: worth knowing. */
export type ConfigIssueSeverity = 'error' | 'warning' | 'info';

/** A problem found in a configuration file. */
export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Stable kebab-case code (`lexical-error`, `syntax-error`, `disk-spec`, `xm-unevaluated`, …). */
  readonly code: string;
  /** What xl prints (without its `<file>:<line>:` prefix), or our own wording where xl says nothing. */
  readonly message: string;
  /** `xl create` refuses the file (or the device) because of this. */
  readonly xlWouldReject: boolean;
  readonly severity: ConfigIssueSeverity;
  /** The exact stderr text of xl, when it prints one (its line number can differ from `line`). */
  readonly xlText?: string;
}

/** `r`, `ro`, `w`, `rw`, and xm's `w!` (shared writable, which xl rejects). */
export type DiskAccess = string;

export interface DiskSpec {
  /** The backing path or script argument (without a deprecated prefix); null when not given. */
  readonly target: string | null;
  /** `raw`, `qcow`, `qcow2`, `vhd`, `qed`, `empty` (xl's default `raw` is filled in). */
  readonly format: string;
  readonly vdev: string | null;
  /** The access mode as written (`w`, `rw`, `r`, `ro`, `w!`), null when absent. */
  readonly access: DiskAccess | null;
  /** What the backend gets: false for read-only and for every CD-ROM, as libxlu decides. */
  readonly readwrite: boolean;
  readonly devtype: 'disk' | 'cdrom';
  /** Driver domain name (`backend=`), null for dom0. */
  readonly backend: string | null;
  /** `phy`, `qdisk`, `tap`, `standalone`, or null when libxl chooses. */
  readonly backendtype: string | null;
  readonly script: string | null;
  readonly directIoSafe: boolean;
  /** null: not said (libxl default: discard on). */
  readonly discard: boolean | null;
  /** Deprecated prefixes as written, in order (`['tap:', 'aio:']`, `['phy:']`), empty when none. */
  readonly prefix: readonly string[];
  readonly cdrom: boolean;
  readonly specification: string | null;
  /** Every other `key=value` item xl accepts (COLO settings, grant_usage). */
  readonly others: Readonly<Record<string, string>>;
  /** The spec string exactly as in the list. */
  readonly raw: string;
  /** xl's complaints about this spec (`unknown value for access: near `w!' in `…'`). */
  readonly errors: readonly string[];
  /** xm's disk syntax (`prefix:target,vdev,mode[,backend]`) was used to read it. */
  readonly xmSyntax: boolean;
}

export interface VifRate {
  readonly bytesPerInterval: number;
  readonly intervalUsecs: number;
  /** The `rate=` value as written (`10Mb/s@20ms`). */
  readonly text: string;
}

export interface VifSpec {
  /** As written (`00:16:3E:76:47:D3`); `macNormalized` is lower-case colon form when it parses. */
  readonly mac: string | null;
  readonly macNormalized: string | null;
  readonly bridge: string | null;
  /** As xl keeps it, trailing spaces included (`193.33.132.140 `). */
  readonly ip: string | null;
  /** `ip` split on whitespace. */
  readonly ips: readonly string[];
  readonly script: string | null;
  readonly vifname: string | null;
  readonly type: string | null;
  readonly model: string | null;
  readonly rate: VifRate | null;
  readonly backend: string | null;
  /** `gatewaydev=`, or the deprecated `netdev=`. */
  readonly gatewaydev: string | null;
  /** The devid xl gives it: `devid=` or the index in the list. */
  readonly devid: number;
  readonly mtu: number | null;
  /** Other recognised items (`accel`, COLO keys, `trusted`/`untrusted`), key → value. */
  readonly others: Readonly<Record<string, string>>;
  readonly raw: string;
  readonly errors: readonly string[];
}

export type DomainType = 'pv' | 'pvh' | 'hvm';

export interface DomainConfig {
  readonly file: string;
  /** Which syntax the file was read with. */
  readonly dialect: 'xl' | 'xm';
  /**
   * The era the file was written for: `xm` also for files that are valid xl syntax but carry
   * xm-only idioms (xm header comments, `kernel = hvmloader`, old PV framebuffer keys, `tap2:`).
   */
  readonly style: 'xl' | 'xm';
  /** Why `dialect`/`style` is xm (`import at line 3`), empty for xl. */
  readonly styleReasons: readonly string[];
  readonly name?: Located<string>;
  readonly uuid?: Located<string>;
  /** The domain type xl derives from `type=` or the deprecated `builder=`. */
  readonly type?: Located<DomainType>;
  readonly memoryMiB?: Located<number>;
  readonly maxmemMiB?: Located<number>;
  readonly vcpus?: Located<number>;
  readonly maxvcpus?: Located<number>;
  /** Hard affinity: a string (`"0-3,^1"`) or one string per vCPU. */
  readonly cpus?: Located<string | readonly string[]>;
  readonly cpusSoft?: Located<string | readonly string[]>;
  readonly cpuWeight?: Located<number>;
  readonly cap?: Located<number>;
  readonly pool?: Located<string>;
  readonly onPoweroff?: Located<string>;
  readonly onReboot?: Located<string>;
  readonly onWatchdog?: Located<string>;
  readonly onCrash?: Located<string>;
  readonly onSoftReset?: Located<string>;
  readonly kernel?: Located<string>;
  readonly ramdisk?: Located<string>;
  readonly bootloader?: Located<string>;
  /** The kernel command line xl builds (`cmdline`, else `root=` + `extra`). */
  readonly cmdline?: Located<string>;
  readonly disks: readonly Located<DiskSpec>[];
  readonly vifs: readonly Located<VifSpec>[];
  /** The effective setting of each key (last assignment wins, `+=` applied). */
  readonly keys: Readonly<Record<string, ConfigSetting>>;
  /** Every assignment in file order, overridden ones included (for audits). */
  readonly assignments: readonly ConfigSetting[];
  readonly errors: readonly ConfigIssue[];
}

export interface DomainConfigRecord {
  readonly type: 'domain-config';
  readonly config: DomainConfig;
  readonly line: 1;
}
