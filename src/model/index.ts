/**
 * @module model: record types, closed vocabularies and small helpers shared by every layer.
 * Imports nothing from the rest of xenscope.
 */

export type * from './config.js';
export * from './devices.js';
export * from './errors.js';
export * from './parser.js';
export type * from './records.js';
export * from './time.js';
export * from './topology.js';
export * from './vocabulary.js';
