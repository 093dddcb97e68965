#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ by `npm ci` (the `prepare` script runs tsup).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('xenscope: dist/ is missing; run `npm run build` (or `npm ci`) first.');
    process.exit(2);
  }
  throw err;
});
