/**
 * Builds main.ts alone (React + React DOM rendering one element) for the bundle benchmark's
 * limit: the same Vite and React plugin as the PWA, without the PWA's own code.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { manifest: true, emptyOutDir: true },
});
