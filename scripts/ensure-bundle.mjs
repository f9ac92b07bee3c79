// Builds dist/ (`npm run build`) when the single-file bundle is missing or
// older than the sources, so that `npm start` can serve the article
// (examples/article/, which loads /dist/nnscope.js) with one command. A
// current bundle costs nothing: one walk of src/ comparing modification times.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'nnscope.js');

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'src')), ...['package-lock.json', 'rollup.config.mjs'].map((f) => statSync(join(root, f)).mtimeMs));
if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
  console.error(`ensure-bundle: ${existsSync(bundle) ? 'dist/nnscope.js is older than src/' : 'no dist/nnscope.js'}; building (npm run build)`);
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
