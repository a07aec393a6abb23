// The "hello JSON" ceiling: plain Express on this machine with the same per-request work the SCIM routes have
// before the engine (body read under a size limit, JSON parse, constant-time bearer check), answering JSON.
import express from 'express'
import type { AddressInfo } from 'node:net'
import { secretsEqual } from '../src-main/server/secrets'

const app = express()
app.disable('x-powered-by')
app.set('etag', false)
app.use(express.text({ type: () => true, limit: 1_048_576 }))
app.all('/hello', (req, res) => {
  const token = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? ''
  if (!secretsEqual(token, 'tok-bench')) return void res.status(401).end()
  const body = typeof req.body === 'string' && req.body ? JSON.parse(req.body) : {}
  res.status(201).type('application/scim+json').send(JSON.stringify({ hello: 'json', echo: body.userName ?? null }))
})
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as AddressInfo).port}`))
