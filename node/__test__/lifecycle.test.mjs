// Lifecycle and cancellation: close(), await using, AbortSignal on requests and body reads,
// and resources released (server-side open connections, our file descriptors).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { startFixture, gc } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const fds = () => readdirSync('/proc/self/fd').length
const isAbort = (e) => e.name === 'AbortError' && e.code === 'ABORT_ERR'
const isClosed = (e) => e.code === 'ERR_RNET_CLIENT_CLOSED' && e.name === 'ClientClosedError'

async function waitFor(predicate, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const s = await server.stats()
    if (predicate(s) || Date.now() > deadline) return s
    await sleep(50)
  }
}

test('close() cancels in-flight requests and rejects later ones', async () => {
  const before = (await server.stats()).delay_cancelled
  const client = new rnet.Client()
  const pending = client.get(server.url('/delay/10'))
  await sleep(300)
  const started = Date.now()
  client.close()
  await assert.rejects(pending, isClosed)
  assert.ok(Date.now() - started < 2000)
  assert.equal(client.closed, true)
  await assert.rejects(client.get(server.url('/get')), isClosed)
  assert.ok((await waitFor((s) => s.delay_cancelled > before)).delay_cancelled > before)
})

test('AbortSignal aborts a request, and the server sees the connection close', async () => {
  const before = (await server.stats()).delay_cancelled
  const ctl = new AbortController()
  const pending = rnet.get(server.url('/delay/10'), { signal: ctl.signal })
  await sleep(300)
  ctl.abort()
  await assert.rejects(pending, (e) => isAbort(e) && /GET .*delay/.test(e.message))
  assert.ok((await waitFor((s) => s.delay_cancelled > before)).delay_cancelled > before)
  // Already aborted, and a timeout signal.
  await assert.rejects(rnet.get(server.url('/get'), { signal: ctl.signal }), isAbort)
  await assert.rejects(rnet.get(server.url('/delay/10'), { signal: AbortSignal.timeout(100) }), isAbort)
  await assert.rejects(rnet.get(server.url('/get'), { signal: 'nope' }), TypeError)
})

test('aborting mid-stream releases the connection; the pool keeps working', async () => {
  const client = new rnet.Client()
  await (await client.get(server.url('/get'))).bytes()
  const baseOpen = (await server.stats()).open_connections
  const baseFds = fds()
  for (let i = 0; i < 5; i++) {
    const ctl = new AbortController()
    const resp = await client.get(server.url('/stream-bytes/100000000'), { signal: ctl.signal })
    const stream = resp.stream()
    assert.ok((await stream.next()).length > 0)
    ctl.abort()
    await assert.rejects(stream.next(), isAbort)
  }
  assert.ok((await (await client.get(server.url('/get'))).json()).url.endsWith('/get'))
  assert.ok((await waitFor((s) => s.open_connections <= baseOpen)).open_connections <= baseOpen)
  assert.ok(fds() <= baseFds + 1, `fds ${fds()} vs ${baseFds}`)
})

test('a shared signal does not pile up listeners', async () => {
  const warnings = []
  const onWarning = (w) => warnings.push(w)
  process.on('warning', onWarning)
  const ctl = new AbortController()
  for (let i = 0; i < 30; i++) await (await rnet.get(server.url('/get'), { signal: ctl.signal })).text()
  const resps = await Promise.all(Array.from({ length: 5 }, () => rnet.get(server.url('/get'), { signal: ctl.signal })))
  for (const r of resps) await r.close()
  await sleep(50)
  process.off('warning', onWarning)
  assert.deepEqual(warnings.map((w) => w.name), [])
})

test('a request holds its signal listener until its body is done, whatever the method', async () => {
  // Done natively (no method is wrapped in index.js): the listener goes once the body is read,
  // closed or streamed to the end, once a WebSocket handshake is over, or once a request fails.
  const { getEventListeners } = await import('node:events')
  const ctl = new AbortController()
  const count = () => getEventListeners(ctl.signal, 'abort').length
  const settled = async () => {
    for (let i = 0; i < 50 && count() > 0; i++) await sleep(10)
    return count()
  }
  const signal = ctl.signal
  const client = new rnet.Client()
  const resp = await client.request('GET', server.url('/get'), { signal })
  assert.equal(count(), 1, 'the unread body keeps it')
  await resp.text()
  assert.equal(await settled(), 0)
  const heads = await client.headMany([server.url('/get'), server.url('/headers')], { signal })
  assert.equal(count(), 1, 'one options object, one listener')
  await heads[0].close()
  await sleep(50)
  assert.equal(count(), 1, 'the other response still needs it')
  await heads[1].close()
  assert.equal(await settled(), 0)
  for await (const chunk of (await client.get(server.url('/stream-bytes/5000'), { signal })).stream()) assert.ok(chunk.length)
  assert.equal(await settled(), 0)
  const ws = await client.websocket(server.url('/ws').replace('http', 'ws'), { signal })
  assert.equal(await settled(), 0, 'the signal covers the handshake only')
  await ws.close()
  await assert.rejects(client.get(`http://127.0.0.1:${server.ports.closed}/`, { signal }), (e) => e.code === 'ERR_RNET_CONNECTION')
  assert.equal(await settled(), 0)
  // Still live for the next request.
  const slow = client.get(server.url('/delay/10'), { signal })
  await sleep(100)
  ctl.abort()
  await assert.rejects(slow, isAbort)
})

test('await using closes clients, responses and streams', async () => {
  const client = new rnet.Client()
  const resp = await client.get(server.url('/stream-bytes/10000000'))
  // `await using x = …` needs newer syntax than Node 20 parses; this is what it runs.
  await resp[Symbol.asyncDispose]()
  await assert.rejects(resp.bytes(), (e) => e.code === 'ERR_RNET_BODY' && /closed/.test(e.message))
  await client[Symbol.asyncDispose]()
  assert.equal(client.closed, true)
})

test('dropped clients release their sockets', async () => {
  const baseline = (await server.stats()).open_connections
  const baseFds = fds()
  for (let i = 0; i < 20; i++) {
    const client = new rnet.Client()
    const resps = await Promise.all([0, 1, 2, 3].map((j) => client.get(server.url(`/delay/0.05?j=${j}`))))
    assert.deepEqual(resps.map((r) => r.status), [200, 200, 200, 200])
  }
  for (let i = 0; i < 5; i++) {
    gc()
    await sleep(50)
  }
  assert.ok((await waitFor((s) => s.open_connections <= baseline)).open_connections <= baseline)
  assert.ok(fds() <= baseFds + 1, `fds ${fds()} vs ${baseFds}`)
})
