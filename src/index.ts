/**
 * @module xenscope: the library surface. The CLI (`src/cli`) is a thin layer over these modules.
 */
export * from './model/index.js';
