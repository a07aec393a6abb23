// Regenerates compaction-worker-source.ts from compaction-worker.mjs:
//   node src-main/server/storage/gen-worker-source.mjs
// A test fails when the two differ, so an edit to the worker cannot ship without this step.
import { readFileSync, writeFileSync } from 'node:fs'

const here = new URL('.', import.meta.url)
const source = readFileSync(new URL('compaction-worker.mjs', here), 'utf8')
const out = `// Generated from compaction-worker.mjs by gen-worker-source.mjs; do not edit by hand.
//
// Why a copy: bundlers leave \`new Worker(new URL('./compaction-worker.mjs', import.meta.url))\` alone in a
// Node (SSR) build without emitting the file, so the electron-vite build would ship a worker URL that points
// nowhere. Started from this string (as a data: URL), the worker loads the same under tsx, vitest and the build.
export const COMPACTION_WORKER_SOURCE: string = ${JSON.stringify(source)}
`
writeFileSync(new URL('compaction-worker-source.ts', here), out)
