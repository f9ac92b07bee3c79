// Bundles every test file with esbuild before @web/test-runner serves it.
// tfjs's package entries pull CommonJS dependencies (long, seedrandom) that
// the test runner's dev server cannot serve unbundled ("module is not defined"),
// so each test file becomes one self-contained ES module in .test-build/.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// TEST_OUT lets parallel runs (one per folder being worked on) keep apart.
const out = join(root, process.env.TEST_OUT || '.test-build');

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const only = process.argv.slice(2);
const entries = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))].filter(
  (file) => only.length === 0 || only.some((part) => file.includes(part)),
);
rmSync(out, { recursive: true, force: true });
// Files named *.dev.test.ts get Lit's development build (the 'development'
// export condition), which warns about update-cycle mistakes; the rest test
// the production build that ships.
const dev = entries.filter((file) => file.endsWith('.dev.test.ts'));
const prod = entries.filter((file) => !file.endsWith('.dev.test.ts'));
const common = {
  outdir: out,
  outbase: root,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: 'inline',
  splitting: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"test"' },
};
if (dev.length > 0) await build({ ...common, entryPoints: dev, conditions: ['development'] });
if (prod.length > 0) await build({ ...common, entryPoints: prod });
console.log(`bundled ${entries.length} test file(s) into ${relative(root, out)}/`);
