// rnet.fetch: the shared cases (fixture/cases/http.json) through the WHATWG fetch shape, plus
// what fetch users rely on: Headers, ReadableStream bodies, Request objects, redirect modes,
// AbortSignal, and error shapes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'
import { cases, hostOptions as spell, subset } from './cases.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

// A case's call, spelled as fetch: the method in init, client options in init (they get a
// dedicated client), and rnet's default of not following redirects unless asked.
async function run(c) {
  const url = c.url ?? server.url(c.path, c.scheme ?? 'http')
  const method = c.fn === 'request' ? c.method : c.fn.replace('client.', '').toUpperCase()
  const init = { method, redirect: rnet.Policy.none(), ...spell(rnet, c.client), ...spell(rnet, c.request) }
  const resp = await rnet.fetch(url, init)
  if (c.raise_for_status) resp.rnet.raiseForStatus()
  return resp
}

for (const c of cases) {
  test(`fetch: ${c.name}`, async () => {
    const expect = c.expect
    if (expect.error) {
      await assert.rejects(run(c), (err) => {
        // fetch checks the URL and headers itself, as Node's fetch does: a bad one is the
        // platform's TypeError, before rnet sees the request.
        if (expect.error === 'BuilderError' && err instanceof TypeError && !err.cause?.rnet) return true
        const cause = err.cause ?? err
        if (err.cause) assert.equal(err.message, 'fetch failed')
        assert.ok(err instanceof TypeError || cause.name === expect.error, `${err.name}: ${err.message}`)
        assert.equal(cause.name, expect.error, cause.message)
        assert.equal(cause.code, expect.code, cause.message)
        return true
      })
      return
    }
    const resp = await run(c)
    assert.ok(resp instanceof Response)
    assert.ok(resp.headers instanceof Headers)
    assert.equal(resp.status, expect.status)
    assert.equal(resp.ok, expect.status >= 200 && expect.status < 300)
    if (expect.version) assert.equal(resp.rnet.version, expect.version)
    if ('history_len' in expect) {
      assert.equal(resp.rnet.history.length, expect.history_len)
      assert.equal(resp.redirected, expect.history_len > 0)
    }
    if (expect.url_path) assert.ok(resp.url.endsWith(expect.url_path), resp.url)
    if (expect.response_header) assert.equal(resp.headers.get(expect.response_header[0]), expect.response_header[1])
    if ('text' in expect) {
      // WHATWG text() is UTF-8 only; the charset-aware decode is rnet's, on resp.rnet.
      const charset = /charset=([^;]+)/i.exec(resp.headers.get('content-type') ?? '')?.[1]
      const text = charset && !/utf-?8/i.test(charset) ? await resp.rnet.text() : await resp.text()
      assert.equal(text, expect.text)
    }
    if (expect.bytes_len) {
      const body = new Uint8Array(await resp.arrayBuffer())
      assert.equal(body.length, expect.bytes_len)
      assert.ok(body.every((b, i) => b === i % 251))
    }
    if (expect.json || expect.echo_header) {
      const data = await resp.json()
      assert.ok(subset(expect.json ?? {}, data), JSON.stringify(data))
      for (const key of ['echo_header', 'echo_header2']) {
        if (expect[key]) assert.ok(data.headers.some(([k, v]) => k === expect[key][0] && v === expect[key][1]), JSON.stringify(data.headers))
      }
    }
  })
}

test('fetch: Headers, Request objects, bodies and streams', async () => {
  const headers = new Headers({ 'x-one': '1' })
  headers.append('x-two', '2')
  const resp = await rnet.fetch(new Request(server.url('/post'), { method: 'POST', body: 'from a Request', headers }))
  const seen = await resp.json()
  assert.equal(seen.data, 'from a Request')
  assert.ok(seen.headers.some(([k, v]) => k === 'x-one' && v === '1'))
  assert.ok(seen.headers.some(([k, v]) => k === 'x-two' && v === '2'))

  const form = await (await rnet.fetch(server.url('/post'), { method: 'POST', body: new URLSearchParams({ a: '1', b: 'x y' }) })).json()
  assert.deepEqual(form.form, { a: '1', b: 'x y' })

  const fd = new FormData()
  fd.append('field', 'value')
  const multi = await (await rnet.fetch(server.url('/post'), { method: 'POST', body: fd })).json()
  assert.equal(multi.multipart[0].name, 'field')
  assert.equal(multi.multipart[0].data, 'value')

  const streamed = await rnet.fetch(server.url('/stream-bytes/300000'))
  let total = 0
  for await (const chunk of streamed.body) total += chunk.length
  assert.equal(total, 300000)
})

test('fetch: redirect modes, emulation and client options in init', async () => {
  const target = server.url('/redirect/2')
  const followed = await rnet.fetch(target)
  assert.equal(followed.status, 200)
  assert.equal(followed.redirected, true)
  assert.equal((await rnet.fetch(target, { redirect: 'manual' })).status, 302)
  await assert.rejects(rnet.fetch(target, { redirect: 'error' }), TypeError)

  // Emulation and TLS options in init: the server sees the same fingerprint as from a Client.
  const fpUrl = server.url('/fingerprint', 'https')
  const viaFetch = await (await rnet.fetch(fpUrl, { emulation: 'Firefox151', tlsVerify: false })).json()
  const viaClient = await (await new rnet.Client({ emulation: 'Firefox151', tlsVerify: false }).get(fpUrl)).json()
  const chrome = await (await rnet.fetch(fpUrl, { emulation: 'Chrome149', tlsVerify: false })).json()
  assert.equal(viaFetch.tls.ja4, viaClient.tls.ja4)
  assert.equal(viaFetch.http2.akamai, viaClient.http2.akamai)
  assert.notEqual(viaFetch.tls.ja4 + viaFetch.http2.akamai, chrome.tls.ja4 + chrome.http2.akamai)
})

test('fetch: AbortSignal and error shapes', async () => {
  const ctl = new AbortController()
  const pending = rnet.fetch(server.url('/delay/10'), { signal: ctl.signal })
  setTimeout(() => ctl.abort(), 100)
  await assert.rejects(pending, (e) => e.name === 'AbortError')
  await assert.rejects(rnet.fetch(`http://127.0.0.1:${server.ports.closed}/`), (e) => e instanceof TypeError && e.message === 'fetch failed' && e.cause.code === 'ERR_RNET_CONNECTION')
  await assert.rejects(rnet.fetch(server.url('/get'), { redirect: 'sideways' }), TypeError)
})

test('fetch: redirect follows with a given client too, and clone() keeps url, redirected and .rnet', async () => {
  // The client's own default is to follow none; fetch's default is 'follow'.
  const client = new rnet.Client()
  const followed = await rnet.fetch(server.url('/redirect/2'), { client, redirect: 'follow' })
  assert.equal(followed.status, 200)
  assert.equal(followed.redirected, true)
  assert.equal((await rnet.fetch(server.url('/redirect/1'), { client })).redirected, true)
  const copy = followed.clone()
  for (const r of [copy, copy.clone()]) {
    assert.equal(r.url, followed.url)
    assert.ok(r.url.endsWith('/get'), r.url)
    assert.equal(r.redirected, true)
    assert.equal(r.rnet, followed.rnet)
  }
  assert.deepEqual(await copy.json(), await followed.json())
})

test('fetch: a header value that is not UTF-8 arrives as latin-1, as Node\'s fetch gives it', async () => {
  const resp = await rnet.fetch(server.url('/latin1-header'))
  assert.equal(resp.status, 200)
  assert.equal(resp.headers.get('x-latin1'), 'caf\u00e9')
  const native = await new rnet.Client().get(server.url('/latin1-header'))
  assert.deepEqual(native.headers.getBytes('x-latin1'), Buffer.from([0x63, 0x61, 0x66, 0xe9]))
  assert.deepEqual(native.headers.itemsBytes().find(([k]) => k === 'x-latin1')[1], Buffer.from('caf\xe9', 'latin1'))
  assert.equal(native.headers.getBytes('absent'), null)
})

test('fetch: aborts reject with the signal\'s reason, as Node\'s own fetch does', async () => {
  for (const impl of [globalThis.fetch, rnet.fetch]) {
    const ctl = new AbortController()
    const pending = impl(server.url('/delay/10'), { signal: ctl.signal })
    setTimeout(() => ctl.abort(), 50)
    await assert.rejects(pending, (e) => e instanceof DOMException && e.name === 'AbortError')
    await assert.rejects(impl(server.url('/delay/10'), { signal: AbortSignal.timeout(50) }), (e) => e instanceof DOMException && e.name === 'TimeoutError')
    const reason = new Error('mine')
    await assert.rejects(impl(server.url('/get'), { signal: AbortSignal.abort(reason) }), (e) => e === reason)
    // An abort while the body streams errors the body with the same reason.
    const body = new AbortController()
    const resp = await impl(server.url('/stream-bytes/100000000'), { signal: body.signal })
    const reader = resp.body.getReader()
    assert.ok((await reader.read()).value.length > 0)
    body.abort()
    const drain = async () => { while (!(await reader.read()).done); }
    await assert.rejects(drain(), (e) => e instanceof DOMException && e.name === 'AbortError')
  }
})

test('fetch: client options in init share one pooled client per distinct set', async () => {
  const url = server.url('/get')
  const watcher = new rnet.Client() // one kept-alive connection of its own, opened by the first read
  const conns = async () => (await (await watcher.get(server.url('/stats'))).json()).connections
  const start = await conns()
  for (let i = 0; i < 3; i++) await (await rnet.fetch(url, { tlsVerify: false, timeout: 5000 })).text()
  const same = await conns()
  await (await rnet.fetch(url, { tlsVerify: true, timeout: 5000 })).text()
  const other = await conns()
  assert.equal(same - start, 1, 'three fetches with the same options use one connection')
  assert.equal(other - same, 1, 'different options get their own client')
})
