// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'storybook-static/', '.test-build*/', '.bench-build/', 'custom-elements.json', 'python/.venv/', 'python/src/nnscope/static/', 'python/build/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', console: 'readonly', process: 'readonly',
        URL: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', globalThis: 'readonly',
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
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'lit/directives/unsafe-html.js', message: 'Strings from data are untrusted: render them as text.' },
          { name: 'lit-html/directives/unsafe-html.js', message: 'Strings from data are untrusted: render them as text.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { property: 'dataSync', message: 'Use await tensor.data(): dataSync blocks, and webgpu throws on it.' },
        { property: 'arraySync', message: 'Use await tensor.array(): arraySync blocks, and webgpu throws on it.' },
        { property: 'innerHTML', message: 'Build DOM with Lit templates; strings from data stay text.' },
        { property: 'html', message: 'd3 .html() parses strings as markup; use .text().' },
      ],
    },
  },
);
