import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The review-sentiment model and its sentences are served from the
// repository's models/ folder (no copies to keep in step).
export default defineConfig({
  plugins: [react()],
  publicDir: '../../models/review-sentiment',
  // The dev server may read ../shared (the data module and styles the three examples share) and the linked package.
  server: { fs: { allow: ['../..'] } },
});
