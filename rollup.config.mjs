// The single-file bundle, dist/nnscope.js, from tsc's output (dist/bundle.js).
// tfjs-core's dependencies `long` and `seedrandom` are CommonJS, hence the
// commonjs plugin; the "browser" field drops node-only modules (node-fetch).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'dist/bundle.js',
  output: {
    file: 'dist/nnscope.js',
    format: 'es',
    sourcemap: true,
    inlineDynamicImports: true,
  },
  plugins: [nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }), commonjs(), terser({ format: { comments: false } })],
  onwarn(warning, warn) {
    // tfjs's compiled TypeScript rewrites `this` at module top level; harmless.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    if (warning.code === 'CIRCULAR_DEPENDENCY' && /node_modules/.test(warning.ids?.join() ?? '')) return;
    warn(warning);
  },
};
