// The notebook widget's ES module: python/js/widget.ts bundled with lit, d3
// and TensorFlow.js into python/src/nnscope/static/widget.js, the one file
// the Python package ships (no CDN, no network at run time). Run by
// `npm run build:widget` and by the Python package's build hook.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const outfile = `${root}python/src/nnscope/static/widget.js`;
const started = Date.now();
await build({
  entryPoints: [`${root}python/js/widget.ts`],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  tsconfig: `${root}tsconfig.json`,
  logLevel: 'warning',
  // tfjs's node-only modules are dropped as in rollup.config.mjs.
  mainFields: ['browser', 'module', 'main'],
  conditions: ['browser', 'production'],
});
const mib = (statSync(outfile).size / 2 ** 20).toFixed(2);
console.log(`build: ${outfile.slice(root.length)} ${mib} MiB (${((Date.now() - started) / 1000).toFixed(1)} s)`);
