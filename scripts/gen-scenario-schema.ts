/**
 * Writes schemas/scenario.schema.json, the scenario format as JSON Schema, from the zod contract
 * (src-shared/scenario.ts). Run after changing the contract:  npx tsx scripts/gen-scenario-schema.ts
 * test/core/simulator-schema.test.ts fails while the committed file differs from what this generates.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { scenarioJsonSchema } from '../src-main/core/simulator/parse'

const out = fileURLToPath(new URL('../schemas/scenario.schema.json', import.meta.url))
writeFileSync(out, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
console.log(`wrote ${out}`)
