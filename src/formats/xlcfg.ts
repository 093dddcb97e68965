/**
 * Domain configuration files (`/etc/xen/*.cfg`): xl.cfg(5) syntax as Xen 4.17's libxlutil reads
 * it, and legacy xm files (Python). One file gives one `DomainConfigRecord` whose `config.errors`
 * holds every problem with its line and column and, where xl prints one, xl's own message.
 *
 * Which reader: a file is read as xm when some statement in it is Python that xl cannot parse
 * (`import`, an expression, `True`, a tuple, triple quotes, `\` continuation) or when a disk uses
 * xm's `w!` mode; otherwise as xl. Separately, `style` marks files written for xm that happen to be
 * valid xl (xm header comments, `kernel = "hvmloader"`, old PV framebuffer keys, xm-only keys,
 * `tap2:`), which matters to an audit: such a file may not mean under xl what it meant under xm.
 */
import type { ConfigIssue, DomainConfig, DomainConfigRecord } from '../model/config.js';
import { type Parser, parseWhole } from '../model/parser.js';
import type { ParseResult } from '../model/records.js';
import { buildDomainConfig } from './xlcfg-domain.js';
import { parseXlSyntax } from './xlcfg-syntax.js';
import { evaluateXm, scanXm } from './xlcfg-xm.js';

/** Issue codes that are grammar errors (also reported as `syntax_error` diagnostics). */
const SYNTAX_CODES = new Set([
  'lexical-error',
  'syntax-error',
  'bad-escape',
  'crlf',
  'comment-without-newline',
  'plus-equals-type',
  'nesting-too-deep',
  'xm-syntax-error',
]);

/** xm-era idioms in a file that is otherwise valid xl. */
function styleMarkers(text: string, config: DomainConfig): string[] {
  const out: string[] = [];
  const header = /^#.*(?:-\*-\s*mode:\s*python|\bxm create\b)/im.exec(text);
  if (header) {
    const line = text.slice(0, header.index).split('\n').length;
    out.push(`line ${line}: an xm header comment`);
  }
  const kernel = config.kernel;
  if (kernel && /(^|\/)hvmloader[^/]*$/.test(kernel.value))
    out.push(`line ${kernel.line}: \`kernel = "${kernel.value}"\` (xm's HVM loader convention)`);
  for (const key of ['cpu_cap', 'vcpu_avail', 'on_xend_start', 'on_xend_stop', 'vif2']) {
    const set = config.keys[key];
    if (set) out.push(`line ${set.line}: xm-only key \`${key}\``);
  }
  const pv = config.type === undefined || config.type.value === 'pv';
  if (pv && config.keys.vfb === undefined) {
    const vnc = config.keys.vnc ?? config.keys.sdl;
    if (vnc) out.push(`line ${vnc.line}: top-level \`${vnc.key}\` on a PV guest (xm's old PV framebuffer)`);
  }
  for (const d of config.disks)
    if (d.value.prefix.includes('tap2:')) {
      out.push(`line ${d.line}: \`tap2:\` (blktap2, removed in Xen 4.8)`);
      break;
    }
  return out;
}

function emptyConfig(file: string, issue: ConfigIssue): DomainConfig {
  return {
    file,
    dialect: 'xl',
    style: 'xl',
    styleReasons: [],
    disks: [],
    vifs: [],
    keys: Object.create(null),
    assignments: [],
    errors: [issue],
  };
}

/** Parses one configuration file's text. Never throws. */
export function parseConfigText(text: string, file: string): DomainConfig {
  try {
    const syntax = parseXlSyntax(text, file);
    // A file xl's grammar accepts has no Python-only construct in it (each of them is an xl
    // syntax error), so only files with grammar errors are worth a Python reading.
    const clean = !syntax.issues.some((i) => SYNTAX_CODES.has(i.code));
    const scan = clean ? null : scanXm(text);
    if (scan !== null && scan.reasons.length > 0) {
      const xm = evaluateXm(scan, file);
      const reasons = scan.reasons.map((r) => `line ${r.line}: ${r.what}`);
      return buildDomainConfig(xm.settings, xm.issues, {
        file,
        dialect: 'xm',
        style: 'xm',
        styleReasons: reasons,
        xmDisks: true,
      });
    }
    const base = { file, dialect: 'xl' as const, style: 'xl' as const, styleReasons: [], xmDisks: false };
    const asXl = buildDomainConfig(syntax.settings, syntax.issues, base);
    const forced = asXl.disks.find((d) => d.value.access?.endsWith('!'));
    if (forced) {
      const reasons = [`line ${forced.line}: disk mode \`${forced.value.access}\` (xm only)`];
      return buildDomainConfig(syntax.settings, syntax.issues, {
        ...base,
        dialect: 'xm',
        style: 'xm',
        styleReasons: [...reasons, ...styleMarkers(text, asXl)],
        xmDisks: true,
      });
    }
    const markers = styleMarkers(text, asXl);
    return markers.length === 0 ? asXl : { ...asXl, style: 'xm', styleReasons: markers };
  } catch (err) {
    return emptyConfig(file, {
      file,
      line: 1,
      column: 1,
      code: 'internal-error',
      message: `the configuration reader failed: ${err instanceof Error ? err.message : String(err)}`,
      xlWouldReject: false,
      severity: 'error',
    });
  }
}

/** Keys whose presence says "domain configuration" (reference §3.3). */
const STRONG_KEYS = new Set([
  'name',
  'memory',
  'maxmem',
  'vcpus',
  'disk',
  'vif',
  'kernel',
  'builder',
  'type',
  'bootloader',
  'on_crash',
  'on_reboot',
  'on_poweroff',
  'uuid',
  'ramdisk',
  'extra',
]);

const ASSIGN_RE = /^\s*([A-Za-z_][\w.-]*)\s*\+?=/;

/** How sure we are that these first lines are a domain configuration. */
export function sniffConfig(head: readonly string[]): number {
  let content = 0;
  let assignments = 0;
  const known = new Set<string>();
  let depth = 0;
  for (const raw of head) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    content++;
    if (depth > 0) {
      assignments++; // a continued list
    } else {
      const m = ASSIGN_RE.exec(line);
      if (m) {
        assignments++;
        if (STRONG_KEYS.has(m[1]!)) known.add(m[1]!);
      }
    }
    for (const ch of line) {
      if (ch === '[') depth++;
      else if (ch === ']' && depth > 0) depth--;
    }
  }
  if (content === 0 || known.size === 0) return 0;
  const ratio = assignments / content;
  if (ratio < 0.5) return 0;
  if (known.size >= 2 && ratio >= 0.7) return 0.9;
  return known.size >= 2 ? 0.75 : 0.6;
}

function parseTextLines(lines: readonly string[], ctx: { file: string }): ParseResult<DomainConfigRecord>[] {
  // Lines arrive without their newlines; a file normally ends with one.
  return parseFullText(lines.length === 0 ? '' : `${lines.join('\n')}\n`, ctx);
}

/** The exact file text: CRLF and a missing final newline are seen as xl sees them. */
function parseFullText(text: string, ctx: { file: string }): ParseResult<DomainConfigRecord>[] {
  const config = parseConfigText(text, ctx.file);
  const out: ParseResult<DomainConfigRecord>[] = [];
  for (const issue of config.errors) {
    if (SYNTAX_CODES.has(issue.code))
      out.push({
        ok: false,
        diag: { file: ctx.file, line: issue.line, code: 'syntax_error', message: issue.message },
      });
  }
  out.push({ ok: true, record: { type: 'domain-config', config, line: 1 } });
  return out;
}

export const xlcfgFormat: Parser<DomainConfigRecord> = {
  id: 'xlcfg',
  summary: 'Xen domain configuration (xl.cfg, and legacy xm Python files)',
  sniff: sniffConfig,
  parse: parseWhole(parseTextLines),
  parseText: parseFullText,
};
