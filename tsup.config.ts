import { defineConfig } from 'tsup';

// One ESM bundle for the CLI; dependencies stay external (the DuckDB binding is a native addon).
export default defineConfig({
  entry: { 'cli/main': 'src/cli/main.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  sourcemap: true,
  clean: true,
  splitting: true,
});
