import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // <nn-*> are custom elements, not Vue components.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('nn-') } } })],
  // The review-sentiment model and its sentences are served from the
  // repository's models/ folder (no copies to keep in step).
  publicDir: '../../models/review-sentiment',
  // The dev server may read ../shared (the data module and styles the three examples share) and the linked package.
  server: { fs: { allow: ['../..'] } },
});
