// npm run build: ES modules + .d.ts (tsc), the single-file bundle (rollup),
// custom-elements.json (Custom Elements Manifest analyzer) and, from it, the
// React, Vue and Svelte typings (dist/react.d.ts, vue.d.ts, svelte.d.ts).
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { writeFrameworkTypes } from './framework-types.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;
const step = (label, command, args) => {
  const started = Date.now();
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
  console.log(`build: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
};

rmSync(`${root}dist`, { recursive: true, force: true });
step('modules and types → dist/', bin('tsc'), ['-p', 'tsconfig.build.json']);
step('single-file bundle → dist/nnscope.js', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
step('custom-elements.json', bin('custom-elements-manifest'), ['analyze', '--quiet']);
writeFrameworkTypes();
console.log('build: dist/react.d.ts, dist/vue.d.ts, dist/svelte.d.ts (from custom-elements.json)');
// dist/bundle.js only feeds rollup; the bundle replaces it for users.
for (const file of ['bundle.js', 'bundle.js.map', 'bundle.d.ts', 'bundle.d.ts.map']) rmSync(`${root}dist/${file}`, { force: true });
const mib = (file) => (statSync(`${root}${file}`).size / 2 ** 20).toFixed(2);
console.log(`build: dist/nnscope.js ${mib('dist/nnscope.js')} MiB, custom-elements.json ${mib('custom-elements.json')} MiB`);
