/**
 * @module model: record types, closed vocabularies and small helpers shared by every layer.
 * Imports nothing from the rest of xenscope.
 */
export * from './vocabulary.js';
export * from './errors.js';
export type * from './records.js';
export type * from './config.js';
export * from './topology.js';
export * from './parser.js';
export * from './time.js';
export * from './devices.js';
