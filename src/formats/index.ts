/**
 * @module formats: every parser, one file per format, listed here sorted by id. `import` detects
 * a file's format by asking each parser's `sniff`; `--input-format <id>` forces one.
 */
import type { Parser } from '../model/index.js';
import { consoleFormat } from './console.js';
import { devListingFormat } from './dev-listing.js';
import { diskstatsFormat } from './diskstats.js';
import { dmesgFormat } from './dmesg.js';
import { iostatFormat } from './iostat.js';
import { iostatJsonFormat } from './iostat-json.js';
import { journalJsonFormat } from './journal-json.js';
import { lvsFormat } from './lvs.js';
import { netDevFormat } from './net-dev.js';
import { sysfsDumpFormat } from './sysfs-dump.js';
import { syslogFormat } from './syslog.js';
import { xenstoredAccessFormat } from './xenstored-access.js';
import { xentopFormat } from './xentop.js';
import { xlDmesgFormat } from './xl-dmesg.js';
import { xlInfoFormat } from './xl-info.js';
import { xlListFormat } from './xl-list.js';
import { xlListJsonFormat } from './xl-list-json.js';
import { xlLogFormat } from './xl-log.js';
import { xlUptimeFormat } from './xl-uptime.js';
import { xlVcpuListFormat } from './xl-vcpu-list.js';
import { xlcfgFormat } from './xlcfg.js';

export const allParsers: readonly Parser[] = [
  consoleFormat,
  devListingFormat,
  diskstatsFormat,
  dmesgFormat,
  iostatFormat,
  iostatJsonFormat,
  journalJsonFormat,
  lvsFormat,
  netDevFormat,
  sysfsDumpFormat,
  syslogFormat,
  xenstoredAccessFormat,
  xentopFormat,
  xlDmesgFormat,
  xlInfoFormat,
  xlListFormat,
  xlListJsonFormat,
  xlLogFormat,
  xlUptimeFormat,
  xlVcpuListFormat,
  xlcfgFormat,
] as Parser[];

/**
 * For files that mix formats line by line, the order in which line formats may claim a line:
 * the most specific first, so a `(XEN)` line inside a syslog paste goes to the hypervisor parser.
 */
export const LINE_CLAIM_ORDER: readonly string[] = [
  'xenstored-access',
  'xl-dmesg',
  'journal-json',
  'syslog',
  'dmesg',
  'console',
  'xl-log',
];
