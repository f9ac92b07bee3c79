// npm run test:notebook: the Python package's tests, from a clean clone.
//
// 1. builds the widget module (scripts/build-widget.mjs);
// 2. makes python/.venv (git-ignored) and installs python/requirements-test.txt
//    and the package (editable) into it, again only when those files change
//    (a stamp holds their sha256, as scripts/setup.mjs does for node_modules);
// 3. runs pytest (python/tests);
// 4. runs the end-to-end test in a real JupyterLab and headless Chromium
//    (python/e2e/jupyterlab.test.mjs, node's test runner).
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const venv = `${root}python/.venv`;
const python = `${venv}/bin/python`;
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
const timed = (label, work) => {
  const started = Date.now();
  work();
  console.log(`test:notebook: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
};

timed('widget module built', () => run('node', ['scripts/build-widget.mjs']));

const inputs = ['python/requirements-test.txt', 'python/pyproject.toml'].map((file) => readFileSync(`${root}${file}`));
const digest = createHash('sha256').update(Buffer.concat(inputs)).digest('hex');
const stamp = `${venv}/.nnscope-requirements-sha256`;
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
  timed('python/.venv installed', () => {
    rmSync(venv, { recursive: true, force: true });
    run('python3', ['-m', 'venv', venv]);
    const pip = [`${venv}/bin/pip`, ['install', '--quiet', '--disable-pip-version-check']];
    run(pip[0], [...pip[1], '-r', 'python/requirements-test.txt']);
    run(pip[0], [...pip[1], '--no-deps', '--no-build-isolation', '-e', 'python']);
    writeFileSync(stamp, digest);
  });
}

timed('pytest', () => run(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'python/tests']));
timed('JupyterLab end to end', () => run('node', ['--test', 'python/e2e/jupyterlab.test.mjs']));
