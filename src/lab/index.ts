/**
 * @module lab: a deterministic, seeded simulator of Xen hosts that writes evidence in the real
 * formats plus `truth.json`, and keeps a live simulated dom0 tree for end-to-end tests.
 * Imports nothing but `model/`, so a writer bug cannot hide a parser bug.
 */
export { generateLab, createSimulation } from './generate.js';
export type { LabOptions, LabSummary, LabFile } from './generate.js';
export { SCENARIOS, SCENARIO_NAMES, findScenario, resolveParams } from './scenarios.js';
export type { Scenario, ScenarioName, ScenarioParams, ParamOverrides } from './scenarios.js';
export type { Truth, TruthCause, TruthIncident, TruthEpisode } from './writers/truth.js';
export { SYMPTOM_LAG, POD_LAG } from './faults.js';
export type { LagDistribution } from './faults.js';
export { runLive } from './live.js';
export type { LiveOptions, LiveHandle } from './live.js';
