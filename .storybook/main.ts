// Storybook for nnscope: every story lives under stories/ (foundation guides,
// then one folder per element).
import { defineMain } from '@storybook/web-components-vite/node';

/**
 * Docs pages (autodocs, the story descriptions) need @storybook/addon-docs,
 * which Storybook 9+ no longer ships in core. Load it when installed so the
 * canvas stories and the smoke test work without it.
 */
function installed(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

export default defineMain({
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: installed('@storybook/addon-docs') ? ['@storybook/addon-docs'] : [],
  // The numpy-written files the data tests use are the stories' sample data,
  // served as /fixtures/<name> (test/fixtures/manifest.json lists them).
  // The trained models (models/<name>/model.json + weights) are served as
  // /models/<name>/, the URL tf.loadLayersModel reads them from in stories.
  // The article (examples/article/, plain HTML on the single-file bundle) is
  // served as /article/index.html, with the bundle it loads as /dist/ (`npm start` and
  // `build-storybook` build dist/ first when it is missing or stale:
  // scripts/ensure-bundle.mjs).
  staticDirs: [
    { from: '../test/fixtures', to: '/fixtures' },
    { from: '../models', to: '/models' },
    { from: '../examples/article', to: '/article' },
    { from: '../dist', to: '/dist' },
  ],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    // Lit's decorators in src/ are TypeScript's legacy ones: they need
    // `experimentalDecorators`, and `useDefineForClassFields: false` so that
    // class fields do not shadow the reactive accessors the decorators add.
    // Said here as well as in tsconfig.json so no tsconfig lookup can lose it.
    config.esbuild = {
      ...(typeof config.esbuild === 'object' ? config.esbuild : {}),
      tsconfigRaw: {
        compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, target: 'ES2022' },
      },
    };
    // tfjs-core's CommonJS dependencies (long, seedrandom) are converted by
    // Vite; pre-bundle them with tfjs in dev so the first story load does not
    // trigger a re-optimisation and a full reload.
    config.optimizeDeps = {
      ...config.optimizeDeps,
      include: [
        ...(config.optimizeDeps?.include ?? []),
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-core/dist/register_all_gradients',
        '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
        '@tensorflow/tfjs-backend-cpu',
        '@tensorflow/tfjs-backend-webgl',
        '@tensorflow/tfjs-backend-webgpu',
      ],
    };
    // tfjs with three backends is ~1 MB minified: expected, not a warning.
    config.build = { ...config.build, chunkSizeWarningLimit: 4096 };
    // One Lit on the page: Storybook's web-components renderer and our
    // elements must share lit-html's and ReactiveElement's module instances,
    // or Lit warns that several versions were loaded (and templates of one
    // copy are not understood by the other). Lit's own packages only: they
    // are one version in package-lock.json.
    const lit = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'];
    // Lit's development build (its `development` export condition) is what
    // Vite's dev server serves; a build gets the production one unless
    // STORYBOOK_LIT_DEV=1, which `npm test` sets so that the smoke test
    // (scripts/storybook-smoke.mjs) sees the warnings Lit's dev build gives
    // about our elements ("scheduled an update after an update completed").
    const litDev = process.env.STORYBOOK_LIT_DEV === '1';
    config.resolve = {
      ...config.resolve,
      dedupe: [...(config.resolve?.dedupe ?? []), ...lit],
      ...(litDev ? { conditions: ['development', 'module', 'browser', 'import', 'default'] } : {}),
    };
    config.optimizeDeps.include = [...(config.optimizeDeps.include ?? []), ...lit];
    return config;
  },
});
