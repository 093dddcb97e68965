import { defineConfig } from 'tsup';

// One ESM bundle for the CLI; dependencies stay external (the DuckDB binding is a native addon).
// The null-score worker is an entry of its own: `scoreNulls` starts it from beside its own chunk
// (dist/), and without it scores in the calling thread.
export default defineConfig({
  entry: {
    'cli/main': 'src/cli/main.ts',
    index: 'src/index.ts',
    'null-scores-worker': 'src/analyze/null-scores-worker.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  sourcemap: true,
  clean: true,
  splitting: true,
});
