// Response timings (DNS, connect, first byte, total) and per-request connect timeouts, against
// the fixture: a fresh connection and a pooled one, an IP literal that needs no lookup, a body
// read later, and a port whose connects hang.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const blackhole = async () => (await (await fetch(server.url('/blackhole'))).json()).port

test('a fresh connection is timed and a pooled one is not', async () => {
  const client = new rnet.Client()
  const url = `http://localhost:${server.ports.http}/get`
  const first = await client.get(url)
  await first.bytes()
  const second = await client.get(url)
  await second.bytes()
  const a = first.timings
  const b = second.timings
  for (const v of [a.dns, a.connect, a.firstByte, a.total]) assert.equal(typeof v, 'number')
  assert.ok(a.dns <= a.connect && a.connect <= a.firstByte && a.firstByte <= a.total, a.toString())
  assert.equal(b.dns, null)
  assert.equal(b.connect, null)
  assert.ok(b.firstByte <= b.total)
  assert.match(a.toString(), /first_byte=/)
})

test('an IP literal needs no lookup', async () => {
  const t = (await new rnet.Client().get(server.url('/get'))).timings
  assert.equal(t.dns, null)
  assert.ok(t.connect !== null && t.connect <= t.firstByte)
})

test('total waits for the body, read whole or streamed', async () => {
  const client = new rnet.Client()
  let resp = await client.get(server.url('/stream-bytes/2000000'))
  assert.equal(resp.timings.total, null)
  await new Promise((resolve) => setTimeout(resolve, 50))
  await resp.bytes()
  assert.ok(resp.timings.total >= resp.timings.firstByte + 50)
  resp = await client.get(server.url('/stream-bytes/300000'))
  for await (const _ of resp.stream()) assert.equal(resp.timings.total, null)
  assert.notEqual(resp.timings.total, null)
})

test("a request's connect timeout overrides the client's, shorter or longer", async () => {
  const port = await blackhole()
  let start = performance.now()
  await assert.rejects(new rnet.Client({ connectTimeout: 30_000 }).get(`http://127.0.0.1:${port}/`, { connectTimeout: 200 }),
    { code: 'ERR_RNET_TIMEOUT', message: /connect timed out/ })
  assert.ok(performance.now() - start < 5000)
  start = performance.now()
  await assert.rejects(new rnet.Client({ connectTimeout: 200 }).get(`http://127.0.0.1:${port}/`, { connectTimeout: 1000 }),
    { code: 'ERR_RNET_TIMEOUT', message: /after 1s/ })
  const took = performance.now() - start
  assert.ok(took >= 900 && took < 5000, `${took}`)
  await assert.rejects(new rnet.Client().get(server.url('/get'), { connectTimeout: 'soon' }), TypeError)
})
