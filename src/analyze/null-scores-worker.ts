/**
 * Worker thread of `scoreNulls`: scores its run of null windows on the host's series, which it
 * reads in place from the shared buffers it was sent, and answers once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hostDataOnShared, type NullJob, scoreRun } from './null-scores.js';

const job = workerData as NullJob;
const answer = scoreRun(hostDataOnShared(job), job.roles, job.geometry, job.times);
parentPort?.postMessage(
  answer,
  answer.scores.map((s) => s.buffer as ArrayBuffer),
);
