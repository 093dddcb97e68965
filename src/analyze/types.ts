/**
 * What the analysis produces (design.md, "Records": `Incident`, `Suspect`; "Command-line contract":
 * `investigate --json`). Times inside the engine are UTC ms; the JSON shape is made in `to-json.ts`.
 */
import type { EventKind, EventSource, Resource, TsSource } from '../model/index.js';

/** One record of a crash as the evidence shows it. */
export interface IncidentEvidence {
  readonly ts: number;
  readonly tsSource: TsSource;
  readonly source: EventSource;
  readonly kind: EventKind;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/** A crash of a victim at a time: the records of one domain instance within 2 minutes. */
export interface Incident {
  readonly host: string;
  readonly domain: string;
  readonly ts: number;
  readonly kind: 'crash' | 'watchdog' | 'panic' | 'reboot';
  readonly evidence: readonly IncidentEvidence[];
}

/** A series that may explain a crash, and what part it plays for one victim. */
export interface Candidate {
  readonly domain: string; // "" for host totals, `Domain-0` for dom0
  readonly resource: Resource;
  readonly device: string;
  readonly metric: string;
  /** suspect: a neighbour's (or dom0's) usage; self: the victim's own usage; symptom: the victim's distress; host: totals. */
  readonly role: 'suspect' | 'self' | 'symptom' | 'host';
}

export interface LeadSeconds {
  readonly median: number;
  readonly lo: number;
  readonly hi: number;
}

export interface Suspect {
  readonly rank: number;
  readonly domain: string;
  readonly resource: Resource;
  readonly device: string;
  readonly metric: string;
  /** Robust change score (median over the incidents it hit; z units, host load removed). */
  readonly score: number;
  readonly support: { readonly hits: number; readonly n: number };
  readonly lift: number;
  readonly p: number;
  readonly q: number;
  readonly leadSeconds: LeadSeconds | null;
  /** What the suspect shares with the victim, in words; null when nothing is known to be shared. */
  readonly shared: string | null;
  readonly direction: 'cause' | 'effect';
  readonly confirmed: boolean;
  /** How many times its usual level the suspect reached (median over hits). */
  readonly ratio: number;
  /** CPI2-style correlation of the victim's symptom with this suspect's usage (−1…1), null without a symptom. */
  readonly correlation: number | null;
}

/** The victim's first symptom in one incident. */
export interface Symptom {
  readonly resource: Resource;
  readonly device: string;
  readonly metric: string;
  readonly onset: number;
  readonly ratio: number;
}

export interface IncidentResult extends Incident {
  readonly suspects: readonly Suspect[];
  readonly symptoms: readonly Symptom[];
  /** The incident had no series data around it (only logs): nothing could be scored. */
  readonly noData: boolean;
  /** With `noData`: what the host's samples cover around the crash, so the words can say why. */
  readonly coverage?: DataCoverage;
}

/**
 * What the host's samples cover around an incident that could not be scored: none at all, or
 * some but less than the window needs (a capture started seconds before the crash).
 */
export interface DataCoverage {
  /** The host's samples from the window's start to the end of the charts after the crash. */
  readonly samples: number;
  /** How far before the crash the earliest of those samples lies, in ms (0: none before it). */
  readonly beforeMs: number;
  /** How far before a crash the analysis window reaches, in ms. */
  readonly neededMs: number;
}

export interface VictimResult {
  readonly host: string;
  readonly domain: string;
  readonly incidents: readonly IncidentResult[];
  readonly suspects: readonly Suspect[];
  readonly explanation: string;
}

export interface InvestigateResult {
  readonly victims: readonly VictimResult[];
  /** The analysed span, and the step of the grid the series were binned on (≥ 10 s, see `analysisStep`). */
  readonly from: number | null;
  readonly to: number | null;
  readonly stepSeconds: number | null;
}

/**
 * The part of a host's topology the analysis uses as a prior: who shares which LV, VG, PV, file,
 * bridge, NIC or pCPU. Structural, so `topology/`'s `Topology` can be passed as it is.
 */
export interface TopologyShare {
  readonly kind: string; // 'target' | 'pv' | 'vg' | 'file-fs' | 'bridge' | 'nic' | 'pcpu'
  readonly name: string;
  /** The series resource it contends on (vbd, vif, cpu); absent: any. */
  readonly resource?: Resource;
  readonly members: readonly { readonly domain: string; readonly device?: string | null }[];
}
export interface TopologyPrior {
  readonly shares: readonly TopologyShare[];
}

export interface InvestigateProgress {
  readonly phase: 'events' | 'series' | 'score' | 'explain';
  readonly done: number;
  readonly total: number;
}

export interface InvestigateOptions {
  readonly host?: string;
  readonly domain?: string;
  readonly since?: number;
  readonly until?: number;
  readonly topology?: ReadonlyMap<string, TopologyPrior> | TopologyPrior;
  readonly onProgress?: (p: InvestigateProgress) => void;
  /** Seed of the empirical nulls and bootstraps (results are deterministic for a seed). */
  readonly seed?: number;
  /**
   * Threads that score the empirical nulls, this one included (default: the machine's
   * parallelism, at most 8). The result does not depend on it; 1 starts no worker (the store may
   * still read with threads of its own).
   */
  readonly threads?: number;
}
