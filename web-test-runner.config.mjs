import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

// Test files are bundled by scripts/build-tests.mjs first (see there why).
export default {
  files: [`${process.env.TEST_OUT || '.test-build'}/**/*.test.js`],
  rootDir: '.',
  nodeResolve: false,
  // Two cores and a software GPU: one page at a time keeps timings sane.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  testFramework: {
    config: { timeout: 60_000, ui: 'bdd' },
  },
};
