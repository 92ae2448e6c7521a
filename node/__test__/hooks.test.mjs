// Hooks against the fixture: what each point sees and may change, plain and async hooks, the
// caller's AsyncLocalStorage stores inside them (the redirect callback too, and a client on
// its own Runtime), the order of client and request hooks, the HookError a throwing hook or a
// rejected promise becomes with the thrown value as its cause, and bad hook values.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { AsyncLocalStorage } from 'node:async_hooks'
import { createRequire } from 'node:module'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const FAST = new rnet.Retry({ attempts: 3, backoff: 10, jitter: 0 })
const tag = () => randomUUID().slice(0, 12)
const echo = async (resp) => JSON.parse(await resp.text())

async function refusedUrl() {
  const s = net.createServer()
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address()
  await new Promise((resolve) => s.close(resolve))
  return `http://127.0.0.1:${port}/`
}

test('beforeRequest changes the method, URL, headers and body', async () => {
  let seen
  const sign = (req) => {
    seen = { method: req.method, url: req.url, body: req.body.toString(), mine: req.headers.get('x-mine') }
    req.headers.insert('x-in-place', 'yes')
    return { method: 'PUT', url: 'b?q=1', headers: { 'x-signed': 'sig' }, body: 'new' }
  }
  const resp = await new rnet.Client().post(server.url('/anything/a'), {
    json: { k: 1 },
    headers: { 'x-mine': 'm' },
    hooks: { beforeRequest: sign },
  })
  const got = await echo(resp)
  assert.deepEqual(seen, { method: 'POST', url: server.url('/anything/a'), body: '{"k":1}', mine: 'm' })
  assert.equal(got.method, 'PUT')
  assert.equal(got.url, server.url('/anything/b?q=1'))
  assert.equal(got.data, 'new')
  const headers = Object.fromEntries(got.headers.map(([k, v]) => [k.toLowerCase(), v]))
  assert.equal(headers['x-signed'], 'sig')
  assert.equal(headers['x-in-place'], 'yes')
  assert.equal(headers['x-mine'], 'm')
})

test('client hooks run first, and each sees the change before it', async () => {
  const order = []
  const client = new rnet.Client({
    hooks: {
      beforeRequest: [(req) => { order.push(['client', req.url]); return { url: server.url('/anything/two') } }],
    },
  })
  const resp = await client.get(server.url('/anything/one'), {
    hooks: { beforeRequest: async (req) => { await new Promise((r) => setTimeout(r, 5)); order.push(['request', req.url]) } },
  })
  assert.deepEqual(order, [['client', server.url('/anything/one')], ['request', server.url('/anything/two')]])
  assert.equal((await echo(resp)).url, server.url('/anything/two'))
})

test('a throwing hook fails the request with HookError, the thrown value its cause', async () => {
  const boom = new RangeError('not this one')
  const client = new rnet.Client({ hooks: { afterResponse: (resp) => { if (resp.status === 418) throw boom } } })
  await assert.rejects(client.get(server.url('/status/418')), (err) => {
    assert.ok(err instanceof rnet.HookError)
    assert.equal(err.code, 'ERR_RNET_HOOK')
    assert.equal(err.cause, boom)
    assert.match(err.message, /after-response hook failed: RangeError: not this one/)
    return true
  })
  assert.equal((await client.get(server.url('/status/200'))).status, 200)
})

test('a rejected promise is the cause too, whatever was thrown', async () => {
  const hooks = { beforeRequest: async () => { await null; throw 'a string' } }
  await assert.rejects(new rnet.Client().get(server.url('/get'), { hooks }), (err) => {
    assert.ok(err instanceof rnet.HookError)
    assert.equal(err.cause, 'a string')
    return true
  })
})

test('afterResponse runs before raiseForStatus', async () => {
  const seen = []
  const client = new rnet.Client({ raiseForStatus: true, hooks: { afterResponse: (r) => { seen.push(r.status) } } })
  await assert.rejects(client.get(server.url('/status/500')), rnet.StatusError)
  assert.deepEqual(seen, [500])
})

for (const [name, options] of [['', {}], [' (a client on its own Runtime)', { runtime: new rnet.Runtime({ workers: 1 }) }]]) test(`hooks and the redirect callback see the caller's AsyncLocalStorage store${name}`, async () => {
  const who = new AsyncLocalStorage()
  const seen = []
  const after = (resp) => { seen.push(['after', who.getStore(), resp.status]) }
  const late = async (resp) => {
    await new Promise((r) => setTimeout(r, 1))
    seen.push(['late', who.getStore(), resp.status])
  }
  const policy = rnet.Policy.custom((attempt) => {
    seen.push(['redirect', who.getStore(), attempt.status])
    return attempt.follow()
  })
  const client = new rnet.Client({ ...options, redirect: policy, hooks: { afterResponse: after } })
  await Promise.all(['t0', 't1', 't2', 't3'].map((name) =>
    who.run(name, () => client.get(server.url('/redirect/1'), { hooks: { afterResponse: late } }))))
  // Outside any store, the store the hook sees is none, not the last request's.
  await client.get(server.url('/status/204'))
  const names = ['t0', 't1', 't2', 't3']
  const of = (what) => seen.filter((s) => s[0] === what).map((s) => s.slice(1)).sort()
  assert.deepEqual(of('redirect'), names.map((n) => [n, 302]))
  assert.deepEqual(of('after'), [...names.map((n) => [n, 200]), [undefined, 204]].sort())
  assert.deepEqual(of('late'), names.map((n) => [n, 200]))
})

test('beforeRedirect sees each redirect and may stop it; the policy still limits', async () => {
  const seen = []
  let stop = false
  const hook = async (attempt) => {
    seen.push([attempt.status, attempt.next])
    if (stop && seen.length === 2) throw new Error('two is enough')
  }
  const client = new rnet.Client({ redirect: rnet.Policy.limited(5) })
  const resp = await client.get(server.url('/redirect/3'), { hooks: { beforeRedirect: hook } })
  assert.equal(resp.url, server.url('/get'))
  assert.deepEqual(seen.map((s) => s[0]), [302, 302, 302])
  assert.ok(seen[2][1].endsWith('/get'))

  seen.length = 0
  stop = true
  await assert.rejects(client.get(server.url('/redirect/3'), { hooks: { beforeRedirect: hook } }), (err) => {
    assert.ok(err instanceof rnet.HookError)
    assert.equal(err.cause.message, 'two is enough')
    return true
  })
  assert.equal(seen.length, 2)

  seen.length = 0
  const limited = new rnet.Client({ redirect: rnet.Policy.limited(1) })
  await assert.rejects(limited.get(server.url('/redirect/3'), { hooks: { beforeRedirect: (a) => { seen.push(a) } } }), rnet.RedirectError)
  assert.equal(seen.length, 1)
  seen.length = 0
  const none = await new rnet.Client().get(server.url('/redirect/3'), { hooks: { beforeRedirect: (a) => { seen.push(a) } } })
  assert.equal(none.status, 302)
  assert.equal(seen.length, 0)
})

test('an async redirect callback is awaited', async () => {
  const policy = rnet.Policy.custom(async (attempt) => {
    await new Promise((r) => setTimeout(r, 5))
    return attempt.next.endsWith('/get') ? attempt.stop() : attempt.follow()
  })
  const resp = await new rnet.Client({ redirect: policy }).get(server.url('/redirect/2'))
  assert.equal(resp.status, 302)
  assert.ok(resp.url.endsWith('/redirect/1'))
})

test('beforeRetry sees each retry and may stop them', async () => {
  const events = []
  const client = new rnet.Client({ retry: FAST })
  const resp = await client.get(server.url(`/flaky/${tag()}/2/503`), { hooks: { beforeRetry: (e) => { events.push(e) } } })
  assert.deepEqual([resp.status, resp.attempts], [200, 3])
  assert.deepEqual(events.map((e) => [e.attempt, e.status, e.error, e.method]), [[1, 503, null, 'GET'], [2, 503, null, 'GET']])
  assert.ok(events.every((e) => typeof e.wait === 'number' && e.wait < 1000))

  const refuse = (e) => { throw new Error(`no retry after ${e.status}`) }
  await assert.rejects(client.get(server.url(`/flaky/${tag()}/2/503`), { hooks: { beforeRetry: refuse } }), (err) => {
    assert.ok(err instanceof rnet.HookError)
    assert.equal(err.cause.message, 'no retry after 503')
    return true
  })
})

test('beforeRetry sees errors', async () => {
  const events = []
  const url = await refusedUrl()
  await assert.rejects(new rnet.Client({ retry: FAST }).get(url, { hooks: { beforeRetry: (e) => { events.push(e) } } }), rnet.ConnectionError)
  assert.deepEqual(events.map((e) => e.attempt), [1, 2])
  assert.equal(events[0].status, null)
  assert.match(events[0].error, /127\.0\.0\.1/)
})

test('onError gets the error, and throwing replaces it', async () => {
  const seen = []
  const url = await refusedUrl()
  const err = await new rnet.Client({ hooks: { onError: (e) => { seen.push(e) } } }).get(url).catch((e) => e)
  assert.ok(err instanceof rnet.ConnectionError)
  assert.equal(seen.length, 1)
  assert.ok(seen[0] instanceof rnet.ConnectionError)
  assert.equal(seen[0].message, err.message)

  const mapped = new Error('mapped')
  const client = new rnet.Client({ hooks: { onError: async () => { throw mapped } } })
  await assert.rejects(client.get(url), (e) => e instanceof rnet.HookError && e.cause === mapped)
})

test('a bad return value is a HookError; a bad change is a BuilderError', async () => {
  await assert.rejects(
    new rnet.Client().get(server.url('/get'), { hooks: { beforeRequest: () => 42 } }),
    (err) => err instanceof rnet.HookError && /must return None or a RequestChange/.test(err.message),
  )
  await assert.rejects(
    new rnet.Client().get(server.url('/get'), { hooks: { beforeRequest: () => ({ method: 'BAD METHOD' }) } }),
    (err) => err instanceof rnet.BuilderError && /invalid method/.test(err.message),
  )
  // The URL a hook leaves is the one sent: it is checked as the change is made.
  await assert.rejects(
    new rnet.Client({ baseURL: server.url('/') }).get('get', { hooks: { beforeRequest: () => ({ url: 'ftp://127.0.0.1/x' }) } }),
    (err) => err instanceof rnet.BuilderError && /unsupported URL scheme in ftp:\/\/127\.0\.0\.1\/x/.test(err.message),
  )
})

test('bad hooks are refused', () => {
  assert.throws(() => new rnet.Client({ hooks: { beforeRequest: 3 } }), TypeError)
  assert.throws(() => new rnet.Client({ hooks: { afterResponse: [() => {}, 'x'] } }), TypeError)
  assert.throws(() => new rnet.Client({ hooks: { beforeSending: () => {} } }))
  assert.throws(() => new rnet.Client({ hooks: 'nope' }), TypeError)
})
