// Prepares a fresh machine for `npm start` / `npm test`, so the README's two
// commands are all a new contributor (or CI) types. Plain Node, no
// dependencies: it runs before node_modules exists.
//
//   node scripts/setup.mjs            installs node_modules if missing or stale
//   node scripts/setup.mjs --browser  also makes sure Debian's Chromium is there
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

// node_modules is current when it was installed from this exact lockfile.
const lock = readFileSync(join(root, 'package-lock.json'));
const digest = createHash('sha256').update(lock).digest('hex');
const stamp = join(root, 'node_modules', '.nnscope-lock-sha256');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
  console.error('setup: installing dependencies from package-lock.json (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, digest);
}

if (process.argv.includes('--browser') && !existsSync(CHROMIUM_PATH)) {
  // Tests and benchmarks drive Debian's Chromium; browser downloads
  // (`playwright install`) do not work on offline machines.
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `setup: Chromium is not at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) ` +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
  console.error('setup: installing Debian package chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
