// Retries against the fixture's fault endpoints: 503s with and without Retry-After, resets
// before an answer, a listener that comes up late, which methods and failures are retried, the
// no-replay rule for one-shot streams, aborting during the backoff, and bad settings.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { randomUUID } from 'node:crypto'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const FAST = new rnet.Retry({ attempts: 3, backoff: 10, jitter: 0 })
const tag = () => randomUUID().slice(0, 12)
const get = (url, opts = {}, client = new rnet.Client()) => client.get(url, opts)

test('a 503 is retried until it succeeds', async () => {
  const resp = await get(server.url(`/flaky/${tag()}/2/503?retry_after=0`), { retry: FAST })
  assert.deepEqual([resp.status, resp.attempts, resp.headers.get('x-try')], [200, 3, '3'])
})

test('attempts bound the tries', async () => {
  const resp = await get(server.url(`/flaky/${tag()}/5/503`), { retry: FAST })
  assert.deepEqual([resp.status, resp.attempts, resp.headers.get('x-try')], [503, 3, '3'])
})

test('Retry-After is waited for, within backoffMax', async () => {
  const start = performance.now()
  let resp = await get(server.url(`/flaky/${tag()}/1/429?retry_after=1`), { retry: new rnet.Retry({ backoff: 0, jitter: 0 }) })
  assert.deepEqual([resp.status, resp.attempts], [200, 2])
  assert.ok(performance.now() - start >= 900)
  resp = await get(server.url(`/flaky/${tag()}/1/503?retry_after=3600`), { retry: new rnet.Retry({ backoffMax: 5000 }) })
  assert.deepEqual([resp.status, resp.attempts], [503, 1])
})

test('a number is the tries in all; the request overrides the client', async () => {
  const client = new rnet.Client({ retry: new rnet.Retry({ attempts: 4, backoff: 10, jitter: 0 }) })
  let resp = await get(server.url(`/flaky/${tag()}/3/502`), {}, client)
  assert.deepEqual([resp.status, resp.attempts], [200, 4])
  resp = await get(server.url(`/flaky/${tag()}/3/502`), { retry: 1 }, client)
  assert.deepEqual([resp.status, resp.attempts], [502, 1])
  resp = await get(server.url(`/flaky/${tag()}/1/502`), { retry: 2 })
  assert.deepEqual([resp.status, resp.attempts], [200, 2])
})

test('only the listed statuses and failures are retried', async () => {
  let resp = await get(server.url(`/flaky/${tag()}/1/500`), { retry: FAST })
  assert.deepEqual([resp.status, resp.attempts], [500, 1])
  resp = await get(server.url(`/flaky/${tag()}/1/500`), { retry: new rnet.Retry({ statuses: [500], backoff: 10 }) })
  assert.deepEqual([resp.status, resp.attempts], [200, 2])
  const connectOnly = new rnet.Retry({ errors: [rnet.RetryOn.Connect], backoff: 10 })
  await assert.rejects(get(server.url(`/flaky-reset/${tag()}/1`, 'faults'), { retry: connectOnly }), { code: 'ERR_RNET_CONNECTION_RESET' })
})

test('a reset is retried', async () => {
  const resp = await get(server.url(`/flaky-reset/${tag()}/2`, 'faults'), { retry: FAST })
  assert.deepEqual([resp.status, resp.attempts, resp.headers.get('x-try')], [200, 3, '3'])
  await assert.rejects(get(server.url(`/flaky-reset/${tag()}/1`, 'faults')), { code: 'ERR_RNET_CONNECTION_RESET' })
})

test('a listener that comes up late is reached', async () => {
  const { port } = await (await fetch(server.url('/flap/300'))).json()
  await assert.rejects(get(`http://127.0.0.1:${port}/`), { code: 'ERR_RNET_CONNECTION' })
  const retry = new rnet.Retry({ attempts: 10, backoff: 100, backoffMax: 100, jitter: 0 })
  const resp = await get(`http://127.0.0.1:${port}/`, { retry })
  assert.equal(await resp.text(), 'flapped')
  assert.ok(resp.attempts >= 2, `${resp.attempts}`)
})

test('POST is not retried unless listed; a bytes body is sent again', async () => {
  const client = new rnet.Client()
  let resp = await client.post(server.url(`/flaky/${tag()}/1/503`), { body: 'x', retry: FAST })
  assert.deepEqual([resp.status, resp.attempts], [503, 1])
  const retry = new rnet.Retry({ methods: [rnet.Method.POST], backoff: 10 })
  resp = await client.post(server.url(`/flaky/${tag()}/1/503`), { body: 'x', retry })
  assert.deepEqual([resp.status, resp.attempts], [200, 2])
  assert.equal((await resp.json()).data, 'x')
})

test('a stream body is never sent twice', async () => {
  async function * chunks () { yield Buffer.from('one-'); yield Buffer.from('shot') }
  const client = new rnet.Client()
  const resp = await client.put(server.url(`/flaky/${tag()}/1/503`), { body: chunks(), retry: FAST })
  assert.deepEqual([resp.status, resp.attempts], [503, 1])
  const t = tag()
  await assert.rejects(client.put(server.url(`/flaky-reset/${t}/1`, 'faults'), { body: chunks(), retry: FAST }),
    (e) => e.code === 'ERR_RNET_CONNECTION_RESET' && /not retried: the request body is a one-shot stream/.test(e.message))
  const next = await get(server.url(`/flaky-reset/${t}/1`, 'faults'))
  assert.equal(next.headers.get('x-try'), '2', 'the server saw one try')
})

test('aborting during the backoff stops at once', async () => {
  const ac = new AbortController()
  const slow = new rnet.Retry({ attempts: 2, backoff: 30000, backoffMax: 30000, jitter: 0 })
  const pending = get(server.url(`/flaky/${tag()}/1/503`), { retry: slow, signal: ac.signal })
  await new Promise((resolve) => setTimeout(resolve, 300))
  const start = performance.now()
  ac.abort()
  await assert.rejects(pending, { name: 'AbortError' })
  assert.ok(performance.now() - start < 2000)
})

test('bad settings are refused', () => {
  for (const opts of [{ attempts: 0 }, { jitter: 1.5 }, { jitter: NaN }, { statuses: [42] }]) {
    assert.throws(() => new rnet.Retry(opts), { code: 'ERR_RNET_BUILDER' }, JSON.stringify(opts))
  }
  for (const opts of [{ errors: ['Bogus'] }, { methods: ['FETCH'] }, { attempts: '3' }, { bogus: 1 }]) {
    assert.throws(() => new rnet.Retry(opts), TypeError, JSON.stringify(opts))
  }
  assert.throws(() => new rnet.Client({ retry: '3' }), TypeError)
  assert.throws(() => new rnet.Client({ retry: 0 }), { code: 'ERR_RNET_BUILDER' })
  const r = new rnet.Retry({ attempts: 5 })
  assert.equal(r.attempts, 5)
  assert.match(r.toString(), /attempts=5/)
})
