/** A progress bar on stderr when it is a terminal; nothing otherwise (CI logs stay clean). */
import cliProgress from 'cli-progress';
import type { ImportProgress } from '../ingest/index.js';

export function importProgressBar(): { update(p: ImportProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{phase} [{bar}] {percentage}% | {value}/{total} MiB | {file}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;
  return {
    update(p) {
      if (!started || p.phase !== phase) {
        if (started) bar.stop();
        bar.start(mib(p.totalBytes), 0, { phase: p.phase, file: '' });
        started = true;
        phase = p.phase;
      }
      bar.update(mib(p.doneBytes), {
        phase: p.phase,
        file: p.file.length > 40 ? `…${p.file.slice(-39)}` : p.file,
      });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
