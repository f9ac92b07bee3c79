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
await build({
  entryPoints: entries,
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
});
console.log(`bundled ${entries.length} test file(s) into ${relative(root, out)}/`);
