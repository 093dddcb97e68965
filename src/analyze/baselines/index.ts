/** @module analyze/baselines: the methods xenscope is measured against, with xenscope's entry signature. */
export { investigateRandom } from './random.js';
export { investigateBaro, investigateNSigma } from './baro.js';
