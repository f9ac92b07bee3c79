// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

const untrustedHtml = [
  { name: 'lit/directives/unsafe-html.js', message: 'Strings from data are untrusted: render them as text.' },
  { name: 'lit-html/directives/unsafe-html.js', message: 'Strings from data are untrusted: render them as text.' },
];

// tfjs-layers' internals are reached in one module, which says why.
const layersExecutor = 'src/compute/layers-executor.ts';
const layersInternals = {
  regex: '^@tensorflow/tfjs-layers/dist/',
  message: `tfjs-layers' internals are imported in ${layersExecutor} only: use its evaluate() / linearActivation(), or add what you need there.`,
};

// For each folder of src/, the folders it may not import (relative imports;
// packages are open to every layer except Lit, below). src/elements may
// import every layer.
const layerBoundaries = {
  render: ['elements', 'compute', 'data'],
  scales: ['elements', 'render', 'compute', 'data'],
  compute: ['elements', 'render', 'scales'],
  data: ['elements', 'render', 'scales', 'compute'],
  backend: ['elements', 'render', 'scales', 'compute', 'data', 'events'],
  events: ['elements', 'render', 'scales', 'compute', 'data', 'backend'],
};
// Layers that hold maths and bytes only, never DOM templates.
const pureLayers = ['scales', 'compute', 'data'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'storybook-static/',
      '.test-build*/',
      '.bench-build/',
      'custom-elements.json',
      'python/.venv/',
      'python/src/nnscope/static/',
      'python/build/',
      'examples/*/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // House rules for library code: data strings stay text, and no blocking
    // GPU readback on a main path (webgpu throws on dataSync).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: untrustedHtml, patterns: [layersInternals] }],
      'no-restricted-properties': [
        'error',
        { property: 'dataSync', message: 'Use await tensor.data(): dataSync blocks, and webgpu throws on it.' },
        { property: 'arraySync', message: 'Use await tensor.array(): arraySync blocks, and webgpu throws on it.' },
        { property: 'innerHTML', message: 'Build DOM with Lit templates; strings from data stay text.' },
        { property: 'html', message: 'd3 .html() parses strings as markup; use .text().' },
      ],
    },
  },
  {
    // Lit templates and custom-element lifecycles: the plugins' recommended
    // sets, plus the Lit rules that catch real bugs rather than style
    // (a class field that shadows a reactive property never triggers an
    // update; a lifecycle override without super breaks the base element).
    files: ['src/**/*.ts', 'stories/**/*.ts'],
    plugins: { lit, wc },
    rules: {
      ...lit.configs['flat/recommended'].rules,
      ...wc.configs['flat/best-practice'].rules,
      'lit/no-classfield-shadowing': 'error',
      'lit/lifecycle-super': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-native-attributes': 'error',
      'lit/attribute-names': 'error',
    },
  },
  // Import boundaries: imports flow one way, elements → render → scales and
  // elements → compute → data; backend/ and events/ are leaves anyone may
  // import, and tf.ts is the one engine every layer shares. Each block below
  // repeats the unsafe-html paths because a later block's options for the
  // same rule replace an earlier block's. scripts/check-lint-rules.mjs proves
  // each boundary fires.
  ...Object.entries(layerBoundaries).flatMap(([layer, forbidden]) =>
    [1, 2, 3, 4].flatMap((depth) => {
      // A file `depth` folders below src/ reaches src/ through exactly `depth`
      // `../` (deeper files: at least 4), so `../index.js` in
      // src/compute/attribution/ (compute's own barrel) is not the package entry.
      const up = depth < 4 ? `(\\.\\./){${depth}}` : '(\\.\\./){4,}';
      const files = [`src/${layer}/${'*/'.repeat(depth - 1)}${depth < 4 ? '' : '**/'}*.ts`];
      const block = (allowLayersInternals) => ({
        rules: {
          'no-restricted-imports': [
            'error',
            {
              paths: untrustedHtml,
              patterns: [
                ...(allowLayersInternals ? [] : [layersInternals]),
                ...forbidden.map((other) => ({
                  regex: `^${up}${other}(/|$)`,
                  message: `src/${layer} may not import src/${other}: imports flow elements → render → scales and elements → compute → data (backend/ and events/ are leaves).`,
                })),
                {
                  regex: `^${up}(index|define|bundle)\\.js$`,
                  message: `src/${layer} may not import the package entry points: they pull in every element.`,
                },
                ...(pureLayers.includes(layer)
                  ? [{ regex: '^lit(-html|-element)?(/|$)', message: `src/${layer} is plain TypeScript: it does not import Lit.` }]
                  : []),
              ],
            },
          ],
        },
      });
      const blocks = [{ files, ignores: ['src/**/*.test.ts'], ...block(false) }];
      if (files[0] === 'src/compute/*.ts') blocks.push({ files: [layersExecutor], ...block(true) });
      return blocks;
    }),
  ),
);
