/** @module analyze: incidents, robust change scores, onsets, antagonists, significance, explanations, baselines. */

export type { ChartSeries, IncidentChart } from './chart-data.js';
export { CHART_AFTER_MS, CHART_BEFORE_MS, chartData } from './chart-data.js';
export { explain } from './explanation.js';
export { findIncidents, INCIDENT_MERGE_MS, timeTrust } from './incidents.js';
export { investigate } from './investigate.js';
export type {
  Candidate,
  Incident,
  IncidentEvidence,
  IncidentResult,
  InvestigateOptions,
  InvestigateProgress,
  InvestigateResult,
  LeadSeconds,
  Suspect,
  Symptom,
  TopologyPrior,
  TopologyShare,
  VictimResult,
} from './types.js';
