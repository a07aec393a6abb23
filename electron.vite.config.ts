import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const alias = { '@shared': r('./src-shared') }

// Entries live in our own folders (src-main, src-renderer), so each target names them explicitly.
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: r('./src-main/electron/main.ts'),
          headless: r('./src-main/server/headless.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: r('./src-main/electron/preload.ts') },
        // sandbox: true preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: r('./src-renderer'),
    resolve: { alias },
    plugins: [react()],
    // electron-vite leaves output unminified; the renderer is also served to browsers over the network (a shared
    // sandbox), where 1 MB of JavaScript against ~0.3 MB minified is felt.
    build: { outDir: r('./out/renderer'), minify: true, rolldownOptions: { input: r('./src-renderer/index.html') } },
  },
})
