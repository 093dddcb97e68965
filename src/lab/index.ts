/**
 * @module lab: a deterministic, seeded simulator of Xen hosts that writes evidence in the real
 * formats plus `truth.json`, and keeps a live simulated dom0 tree for end-to-end tests.
 * Imports nothing but `model/`, so a writer bug cannot hide a parser bug.
 */

export type { LagDistribution } from './faults.js';
export { POD_LAG, SYMPTOM_LAG } from './faults.js';
export type { LabFile, LabOptions, LabSummary } from './generate.js';
export { createSimulation, generateLab } from './generate.js';
export type { LiveHandle, LiveOptions } from './live.js';
export { runLive } from './live.js';
export type { ParamOverrides, Scenario, ScenarioName, ScenarioParams } from './scenarios.js';
export { findScenario, resolveParams, SCENARIO_NAMES, SCENARIOS } from './scenarios.js';
export type { Truth, TruthCause, TruthEpisode, TruthIncident } from './writers/truth.js';
