/** @module analyze: incidents, robust change scores, onsets, antagonists, significance, explanations, baselines. */
export { investigate } from './investigate.js';
export { findIncidents, timeTrust, INCIDENT_MERGE_MS } from './incidents.js';
export { explain } from './explanation.js';
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
export { chartData, CHART_AFTER_MS, CHART_BEFORE_MS } from './chart-data.js';
export type { ChartSeries, IncidentChart } from './chart-data.js';
