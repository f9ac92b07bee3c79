// npm run build: ES modules + .d.ts (tsc), the single-file bundle (rollup),
// and custom-elements.json (Custom Elements Manifest analyzer).
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';

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
// dist/bundle.js only feeds rollup; the bundle replaces it for users.
for (const file of ['bundle.js', 'bundle.js.map', 'bundle.d.ts', 'bundle.d.ts.map']) rmSync(`${root}dist/${file}`, { force: true });
const mib = (file) => (statSync(`${root}${file}`).size / 2 ** 20).toFixed(2);
console.log(`build: dist/nnscope.js ${mib('dist/nnscope.js')} MiB, custom-elements.json ${mib('custom-elements.json')} MiB`);
