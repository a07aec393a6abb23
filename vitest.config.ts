import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./src-shared', import.meta.url)) } },
  test: {
    // Server tests spawn child processes and real HTTP servers; two cores are all we have.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'node', environment: 'node', include: ['test/**/*.test.ts'] } },
      // The renderer's screens, against a fake of the typed control-API client (no server, no Electron).
      {
        extends: true,
        plugins: [react()],
        test: { name: 'dom', environment: 'jsdom', include: ['test/**/*.test.tsx'], setupFiles: ['test/renderer/setup-dom.ts'] },
      },
    ],
  },
})
