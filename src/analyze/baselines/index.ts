/** @module analyze/baselines: the methods xenscope is measured against, with xenscope's entry signature. */

export { investigateBaro, investigateNSigma } from './baro.js';
export { investigateCpi2 } from './cpi2.js';
export { investigateLuo } from './luo-event-test.js';
export { investigateNetdataKs2, investigateNetdataVolume } from './netdata.js';
export { investigateRandom } from './random.js';
