/**
 * `xenscope audit PATH...`: lints domain configs. A folder is one host; with `--fleet` each subfolder
 * of a folder is a host, and several hosts (several folders, or `--fleet`) turn on cross-host rules.
 * Loose files given together are one host. Captures found in a host folder (`xl info`, `lvs`, …)
 * and `--host-info FILE` refine the checks. Exit: 0 clean, 1 findings at or above `--fail-level`,
 * 2 usage error, 3 nothing readable.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import {
  ALL_RULES,
  AUDIT_CONFIG_NAMES,
  AUDIT_SEVERITIES,
  type AuditHost,
  type AuditSettings,
  atLeast,
  buildHost,
  type ConfigSource,
  DEFAULT_SETTINGS,
  explainRule,
  findRule,
  type HostCaptures,
  listRules,
  mergeCaptures,
  NO_CAPTURES,
  parseAuditConfig,
  readBaseline,
  readCaptures,
  renderCheckstyle,
  renderJson,
  renderSarif,
  renderText,
  runAudit,
} from '../audit/index.js';
import { sniffConfig } from '../formats/xlcfg.js';
import { InputError, UsageError } from '../model/index.js';
import { EXIT, runCommand, useColor } from './common.js';

interface AuditFlags {
  hostInfo?: string[];
  fleet?: boolean;
  format?: string;
  json?: boolean;
  failLevel?: string;
  baseline?: string;
  config?: string;
  listRules?: boolean;
  explain?: string;
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const VERSION = '0.1.0';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'lint Xen domain configs: shared disks, duplicate MACs/IPs/names, overcommit, lost crash evidence, …',
    )
    .argument('[paths...]', 'config files and folders (a folder is one host)')
    .option(
      '--host-info <file>',
      'xl info, lvs/pvs, ls -l /dev/…, xl list -l or xl vcpu-list output (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--fleet', 'each subfolder of a folder given is one host; cross-host rules run')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'sarif', 'checkstyle'])
        .default('text'),
    )
    .option('--json', 'short for --format json')
    .addOption(
      new Option('--fail-level <severity>', 'exit 1 when a finding is at least this severe')
        .choices([...AUDIT_SEVERITIES, 'none'])
        .default('warning'),
    )
    .option('--baseline <file>', 'a previous --format json (or sarif) output: only new findings fail')
    .option(
      '--config <file>',
      `audit config (default: ${AUDIT_CONFIG_NAMES.join(' or ')} in the working directory)`,
    )
    .option('--list-rules', 'list every rule and exit')
    .option('--explain <id>', "print a rule's documentation and exit")
    .action((paths: string[], flags: AuditFlags) => runCommand(() => runAudit_(paths, flags)));
}

async function runAudit_(paths: string[], flags: AuditFlags): Promise<number> {
  if (flags.listRules) {
    process.stdout.write(listRules(ALL_RULES));
    return EXIT.ok;
  }
  if (flags.explain !== undefined) {
    const rule = findRule(flags.explain);
    if (!rule) throw new UsageError(`--explain ${flags.explain}: no such rule (see --list-rules)`);
    process.stdout.write(ruleDoc(rule.family, rule.name) ?? explainRule(rule));
    return EXIT.ok;
  }
  if (paths.length === 0) throw new UsageError('audit: give config files or folders (e.g. /etc/xen)');
  const settings = loadSettings(flags.config);
  const baseline =
    flags.baseline !== undefined ? readBaseline(readText(flags.baseline), flags.baseline) : undefined;
  const hosts = await collectHosts(paths, flags);
  if (hosts.every((h) => h.configs.length === 0))
    throw new InputError(`no domain configuration file found in ${paths.join(', ')}`);
  const result = runAudit(hosts, {
    settings,
    ...(baseline ? { baseline } : {}),
    fleet: hosts.length > 1 || flags.fleet === true,
  });
  const format = flags.json ? 'json' : (flags.format ?? 'text');
  if (format === 'json') process.stdout.write(renderJson(result));
  else if (format === 'sarif')
    process.stdout.write(
      renderSarif(result, { baseDir: process.cwd(), version: VERSION, withBaseline: baseline !== undefined }),
    );
  else if (format === 'checkstyle') process.stdout.write(renderCheckstyle(result));
  else process.stdout.write(renderText(result, { color: useColor() }));
  const level = flags.failLevel ?? 'warning';
  if (level === 'none') return EXIT.ok;
  const failing = result.findings.some(
    (f) => !f.suppressed && !f.baseline && atLeast(f.severity, level as (typeof AUDIT_SEVERITIES)[number]),
  );
  return failing ? EXIT.findings : EXIT.ok;
}

function readText(file: string): string {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  return readFileSync(file, 'utf8');
}

function loadSettings(flag: string | undefined): AuditSettings {
  const file = flag ?? AUDIT_CONFIG_NAMES.map((n) => join(process.cwd(), n)).find((p) => existsSync(p));
  if (file === undefined) return DEFAULT_SETTINGS;
  return parseAuditConfig(readText(file), file);
}

/** The markdown doc beside the rule, when xenscope runs from a checkout that has it. */
function ruleDoc(family: string, slug: string): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'src', 'audit', 'rules', family, `${slug}.md`);
    if (existsSync(p)) return readFileSync(p, 'utf8');
    dir = dirname(dir);
  }
  return null;
}

interface HostDraft {
  readonly name: string;
  readonly root: string | null;
  readonly configs: ConfigSource[];
  readonly captures: HostCaptures[];
}

/** Regular files under a folder, hidden ones skipped, each real file once. */
function filesUnder(dir: string, seen: Set<string>, depth = 0): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (depth < 8) out.push(...filesUnder(p, seen, depth + 1));
    } else if (st.isFile()) {
      const real = realpathSync(p);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(p);
    }
  }
  return out;
}

/** Adds a file to a host: a config when it looks like one, a capture when a capture parser knows it. */
async function addFile(host: HostDraft, file: string, explicit: boolean): Promise<void> {
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return;
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (text.includes('\u0000')) return;
  const rel = host.root !== null ? relative(host.root, file) : basename(file);
  const head = text.split('\n', 60);
  if (explicit || /\.cfg$/.test(file) || sniffConfig(head) >= 0.5) {
    host.configs.push({ file, rel, text });
    return;
  }
  const cap = await readCaptures(text, file);
  if (cap.format !== null) host.captures.push(cap.captures);
}

async function collectHosts(paths: readonly string[], flags: AuditFlags): Promise<AuditHost[]> {
  const drafts: HostDraft[] = [];
  const seen = new Set<string>();
  const loose: HostDraft = { name: '', root: null, configs: [], captures: [] };
  for (const p of paths) {
    if (!existsSync(p)) throw new InputError('no such file or folder', { file: p });
    if (statSync(p).isDirectory()) {
      const subdirs = flags.fleet
        ? readdirSync(p)
            .sort()
            .filter((n) => !n.startsWith('.') && statSync(join(p, n)).isDirectory())
        : [];
      if (subdirs.length > 0) {
        for (const sub of subdirs) {
          const root = join(p, sub);
          const d: HostDraft = { name: sub, root, configs: [], captures: [] };
          for (const f of filesUnder(root, seen)) await addFile(d, f, false);
          drafts.push(d);
        }
        // Files directly in a fleet folder belong to no host; they are not read, and that is said
        // (an operator who keeps some configs loose beside the host folders would miss them).
        const loose = readdirSync(p).filter((n) => !n.startsWith('.') && statSync(join(p, n)).isFile());
        if (loose.length > 0)
          process.stderr.write(
            `xenscope: ${p}: ${loose.length === 1 ? '1 file beside the host folders belongs to no host and was not read' : `${loose.length} files beside the host folders belong to no host and were not read`} (with --fleet each subfolder is a host)\n`,
          );
        continue;
      }
      const d: HostDraft = { name: basename(resolve(p)), root: p, configs: [], captures: [] };
      for (const f of filesUnder(p, seen)) await addFile(d, f, false);
      drafts.push(d);
    } else {
      const real = realpathSync(p);
      if (seen.has(real)) continue;
      seen.add(real);
      await addFile(loose, p, true);
    }
  }
  if (loose.configs.length > 0 || loose.captures.length > 0)
    drafts.push({ ...loose, name: basename(dirname(resolve(loose.configs[0]?.file ?? paths[0]!))) });
  for (const file of flags.hostInfo ?? []) {
    const cap = await readCaptures(readText(file), file);
    if (cap.format === null)
      throw new InputError(
        'not a capture xenscope knows (xl info, lvs/pvs, ls -l /dev/…, xl list -l, xl vcpu-list)',
        {
          file,
        },
      );
    hostFor(drafts, file, cap.captures).captures.push(cap.captures);
  }
  const names = new Map<string, number>();
  return drafts.map((d) => {
    const n = (names.get(d.name) ?? 0) + 1;
    names.set(d.name, n);
    const name = n > 1 ? `${d.name}#${n}` : d.name;
    return buildHost(name, d.configs, d.captures.length > 0 ? mergeCaptures(d.captures) : NO_CAPTURES);
  });
}

/** The host a `--host-info` file belongs to: the only one, the folder it is in, or its `xl info` host name. */
function hostFor(drafts: readonly HostDraft[], file: string, cap: HostCaptures): HostDraft {
  if (drafts.length === 1) return drafts[0]!;
  const abs = resolve(file);
  const inFolder = drafts.find((d) => d.root !== null && abs.startsWith(`${resolve(d.root)}/`));
  if (inFolder) return inFolder;
  const named = cap.hostInfo.map((h) => h.value.host).find((h) => h !== undefined);
  const byName = named !== undefined ? drafts.find((d) => d.name === named) : undefined;
  if (byName) return byName;
  throw new UsageError(
    `--host-info ${file}: several hosts are audited (${drafts.map((d) => d.name).join(', ')}) and this file is in none of their folders; put it in its host's folder`,
  );
}
