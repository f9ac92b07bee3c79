// A real JupyterLab on localhost for the notebook end-to-end test
// (jupyterlab.test.mjs) and the notebook benchmark
// (bench/notebook/bertviz_vs_nnscope.mjs): its own config, runtime and
// settings folders in a temporary directory, no token, no news, no update
// checks, so nothing leaves the machine and nothing of the user's is touched.
/* global createImageBitmap, OffscreenCanvas */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A notebook of code cells, with the python3 kernel of the venv that runs the server. */
export const notebook = (cells) => ({
  cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
});

async function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `jupyter lab` from the venv folder `venv` with `work` (a new
 * temporary folder) as its root, and waits until it answers.
 *
 * `settings` are JupyterLab settings files to write first, by plugin id
 * (`'@jupyterlab/docmanager-extension:plugin': { autosave: false }`).
 * Resolves to `{ origin, work, env, pid, stop }`; `stop()` ends the server and
 * removes `work`.
 */
export async function startLab(venv, { settings = {} } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'nnscope-lab-'));
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: join(work, 'config'),
    JUPYTER_RUNTIME_DIR: join(work, 'runtime'),
    JUPYTERLAB_SETTINGS_DIR: join(work, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: join(work, 'workspaces'),
    IPYTHONDIR: join(work, 'ipython'),
  };
  // No "get notified about Jupyter news?" prompt over the outputs.
  const files = { '@jupyterlab/apputils-extension:notification': { fetchNews: 'false' }, ...settings };
  for (const [id, values] of Object.entries(files)) {
    const [extension, plugin] = id.split(':');
    mkdirSync(join(env.JUPYTERLAB_SETTINGS_DIR, extension), { recursive: true });
    writeFileSync(join(env.JUPYTERLAB_SETTINGS_DIR, extension, `${plugin}.jupyterlab-settings`), JSON.stringify(values));
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(
    join(venv, 'bin', 'jupyter'),
    [
      'lab',
      '--no-browser',
      `--port=${port}`,
      '--ip=127.0.0.1',
      `--ServerApp.root_dir=${work}`,
      '--IdentityProvider.token=',
      '--ServerApp.password=',
      '--LabApp.news_url=None',
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
      '--allow-root',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
  server.on('exit', (code) => code && console.error(`jupyter lab exited ${code}:\n${log}`));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/api/status`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`JupyterLab did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(work, { recursive: true, force: true });
  };
  return { origin, work, env, pid: server.pid, stop, log: () => log };
}

/** How many colours a screenshot of `locator` on `page` has: 1 or 2 for a blank box. */
export async function colours(page, locator) {
  const png = (await locator.screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const pixels = new Uint32Array(context.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
    return new Set(pixels).size;
  }, png);
}

/**
 * Waits until the notebook on `page` has a connected, idle kernel: a Shift+Enter
 * before that runs nothing (the cell keeps its "[ ]:" prompt).
 */
export async function kernelIdle(page, timeout = 120_000) {
  await page.waitForFunction(
    () => [...document.querySelectorAll('.jp-StatusBar-TextItem')].some((item) => /\|\s*Idle/.test(item.textContent)),
    null,
    {
      timeout,
    },
  );
}
