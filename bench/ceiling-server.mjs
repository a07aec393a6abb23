// The "hello JSON" ceiling: plain Express on this machine with the same per-request work the SCIM routes do
// before the engine (body read under a size limit, JSON parse, constant-time bearer check), answering JSON.
// Plain JavaScript run by plain Node, like the built sandbox it is compared with.
import express from 'express'
import { createHash, timingSafeEqual } from 'node:crypto'

const expected = createHash('sha256').update('tok-bench').digest()
const app = express()
app.disable('x-powered-by')
app.set('etag', false)
app.use(express.text({ type: () => true, limit: 1_048_576 }))
app.all('/hello', (req, res) => {
  const token = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? ''
  if (!timingSafeEqual(createHash('sha256').update(token).digest(), expected)) return void res.status(401).end()
  const body = typeof req.body === 'string' && req.body ? JSON.parse(req.body) : {}
  res.status(201).type('application/scim+json').send(JSON.stringify({ hello: 'json', echo: body.userName ?? null }))
})
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`))
