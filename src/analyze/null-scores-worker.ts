/**
 * Worker thread of `NullScoring`: started with the host's series, the null roles and the window
 * geometry; then, per job, scores its windows on the block it reads in place from the job's
 * shared buffer, and answers with the scores (their buffers transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { jobData, type NullAnswer, type NullJob, type NullSetup, scoreRun } from './null-scores.js';

const setup = workerData as NullSetup;
parentPort?.on('message', (job: NullJob) => {
  const run = scoreRun(jobData(setup, job.block), setup.roles, setup.geometry, job.times);
  const answer: NullAnswer = { id: job.id, ...run };
  parentPort!.postMessage(
    answer,
    answer.scores.map((s) => s.buffer as ArrayBuffer),
  );
});
