// Node-specific behaviour: Promises, concurrency, HeaderMap, cached bodies, types.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture, ROOT } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

test('Client.request returns a Promise and is typed in native.d.ts', async () => {
  const client = new rnet.Client()
  const p = client.request('GET', server.url('/get'))
  assert.ok(p instanceof Promise)
  assert.equal((await p).status, 200)
  const dts = readFileSync(path.join(ROOT, 'node/native.d.ts'), 'utf8')
  assert.match(dts, /request\(method: Method, url: string, opts\?: RequestConfig \| undefined \| null\): Promise<Response>/)
})

test('requests run concurrently', async () => {
  const started = Date.now()
  const all = await Promise.all(Array.from({ length: 6 }, () => rnet.get(server.url('/delay/0.5'))))
  assert.deepEqual(all.map((r) => r.status), [200, 200, 200, 200, 200, 200])
  assert.ok(Date.now() - started < 2500)
})

test('body is cached and can be read again', async () => {
  const resp = await rnet.post(server.url('/post'), { json: { a: 1 } })
  const text = await resp.text()
  const data = await resp.json()
  const raw = await resp.bytes()
  assert.deepEqual(JSON.parse(text), data)
  assert.equal(raw.toString('utf8'), text)
  assert.deepEqual(data.json, { a: 1 })
})

test('Buffer and Uint8Array bodies', async () => {
  for (const body of [Buffer.from('buf'), new Uint8Array([104, 105])]) {
    const data = await (await rnet.post(server.url('/post'), { body })).json()
    assert.equal(data.data, Buffer.from(body).toString())
  }
})

test('HeaderMap', async () => {
  const resp = await rnet.get(server.url('/cookies/set?a=1&b=2'))
  const h = resp.headers
  assert.equal(h.get('Content-Type'), 'application/json')
  assert.deepEqual(h.getAll('set-cookie').sort(), ['a=1; Path=/', 'b=2; Path=/'])
  assert.ok(h.containsKey('SET-COOKIE'))
  assert.ok(h.items().some(([k, v]) => k === 'set-cookie' && v === 'a=1; Path=/'))
  assert.equal(h.get('missing'), null)
  assert.equal(h.get('missing', 'fallback'), 'fallback')
  const m = new rnet.HeaderMap({ 'x-a': '1' }, 8)
  m.append('x-a', '2')
  assert.deepEqual(m.getAll('x-a'), ['1', '2'])
  assert.throws(() => m.insert('bad name', 'v'), (e) => e.code === 'ERR_RNET_BUILDER')
  const echoed = await (await rnet.get(server.url('/headers'), { headers: m })).json()
  assert.ok(echoed.headers.some(([k, v]) => k === 'x-a' && v === '2'))
})

test('errors name the request and carry a stable code', async () => {
  await assert.rejects(rnet.get(server.url('/delay/5'), { timeout: 200 }), (e) => {
    assert.equal(e.code, 'ERR_RNET_TIMEOUT')
    assert.match(e.message, /GET http:\/\/127\.0\.0\.1:\d+\/delay\/5/)
    return true
  })
  await assert.rejects(async () => rnet.get(server.url('/get'), { timeout: Number.NaN }), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => new rnet.Client({ emulation: 'NoSuchBrowser' }), TypeError)
})

test("version 'HTTP_3' is refused clearly, not a silent fallback", async () => {
  await assert.rejects(rnet.get(server.url('/get'), { version: 'HTTP_3' }), { code: 'ERR_RNET_BUILDER', message: /HTTP_3 is not supported/ })
})

test('headers as Headers or [name, value] pairs; a HeaderMap iterates, stringifies and prints', async () => {
  const util = await import('node:util')
  for (const headers of [[['x-a', '1'], ['x-a', '2']], new Headers([['x-a', '1'], ['x-a', '2']])]) {
    const seen = await (await rnet.get(server.url('/headers'), { headers })).json()
    const got = seen.headers.filter(([k]) => k === 'x-a').map(([, v]) => v)
    // Headers joins a repeated name into one value, as the Fetch standard says.
    assert.deepEqual(got, headers instanceof Headers ? ['1, 2'] : ['1', '2'])
  }
  const h = new rnet.HeaderMap([['x-a', '1'], ['x-a', '2'], ['x-b', '3']])
  assert.deepEqual([...h], [['x-a', '1'], ['x-a', '2'], ['x-b', '3']])
  assert.deepEqual(JSON.parse(JSON.stringify(h)), { 'x-a': '1, 2', 'x-b': '3' })
  assert.match(util.inspect(h), /HeaderMap \{ 'x-a': '1, 2', 'x-b': '3' \}/)
  assert.deepEqual(Object.fromEntries(new Headers([...h])), { 'x-a': '1, 2', 'x-b': '3' })
})

test('error classes: instanceof and code agree, and index.d.ts declares exactly these', async () => {
  const err = await rnet.get(`http://127.0.0.1:${server.ports.closed}/`).catch((e) => e)
  assert.ok(err instanceof rnet.ConnectionError && err instanceof rnet.RnetError && err instanceof Error)
  assert.ok(!(err instanceof rnet.TimeoutError))
  assert.equal(err.code, rnet.ConnectionError.code)
  const timeout = await rnet.get(server.url('/delay/5'), { timeout: 100 }).catch((e) => e)
  assert.ok(timeout instanceof rnet.TimeoutError && timeout.code === 'ERR_RNET_TIMEOUT')
  const made = new rnet.BuilderError('bad')
  assert.deepEqual([made.name, made.code, made.message, made instanceof rnet.RnetError], ['BuilderError', 'ERR_RNET_BUILDER', 'bad', true])
  const names = rnet.errorClasses().map(([name]) => name)
  for (const name of names) assert.equal(typeof rnet[name], 'function', name)
  const dts = readFileSync(path.join(ROOT, 'node/index.d.ts'), 'utf8')
  const declared = [...dts.matchAll(/export declare class (\w+) extends RnetError/g)].map((m) => m[1])
  assert.deepEqual(declared.sort(), [...names].sort())
})

test('ESM imports every export by name: import { TimeoutError, Client } from "rnet"', async () => {
  // Node lists a CommonJS module's named exports by reading its source; names it cannot see
  // are only on the default export.
  const esm = await import('rnet')
  assert.equal(esm.default, rnet)
  const missing = Object.keys(rnet).filter((name) => esm[name] !== rnet[name])
  assert.deepEqual(missing, [])
  for (const name of ['Client', 'fetch', 'RnetError', 'TimeoutError', 'RustPanic']) assert.equal(typeof esm[name], 'function', name)
})

test('headers or cookies of the wrong type are a TypeError, never an ignored option', async () => {
  for (const [opts, name] of [[{ headers: 5 }, 'headers'], [{ cookies: 5 }, 'cookies'], [{ headers: true }, 'headers']]) {
    await assert.rejects(rnet.get(server.url('/get'), opts), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && e.message.includes(`'${name}'`), name)
  }
  assert.throws(() => new rnet.Client({ headers: 5 }), { code: 'ERR_INVALID_ARG_TYPE' })
  // The object and pair forms still work.
  const seen = await (await rnet.get(server.url('/headers'), { headers: { 'x-a': '1' }, cookies: { c: '2' } })).json()
  assert.ok(seen.headers.some(([k, v]) => k === 'x-a' && v === '1'))
  assert.ok(seen.headers.some(([k, v]) => k === 'cookie' && v === 'c=2'))
})

test('Client.headMany sends every request and keeps the order', async () => {
  const client = new rnet.Client()
  const urls = [server.url('/status/204'), server.url('/get'), server.url('/status/404')]
  const responses = await client.headMany(urls)
  assert.deepEqual(responses.map((r) => r.status), [204, 200, 404])
  assert.ok(responses.every((r) => r instanceof rnet.Response))
  await assert.rejects(client.headMany([server.url('/get'), 'not a url']), (e) => e.code === 'ERR_RNET_BUILDER')
  const dts = readFileSync(path.join(ROOT, 'node/native.d.ts'), 'utf8')
  assert.match(dts, /headMany\(urls: Array<string>, opts\?: RequestConfig \| undefined \| null\): Promise<Array<Response>>/)
})

test('Emulation() defaults to the newest Chrome; status is a plain number', async () => {
  assert.equal(new rnet.Emulation().profile, 'Chrome156')
  assert.equal(new rnet.Emulation('Firefox153').profile, 'Firefox153')
  const resp = await rnet.get(server.url('/status/404'))
  assert.equal(typeof resp.status, 'number')
  assert.equal(resp.status, 404)
})

test('a response reports both ends of its connection', async () => {
  const client = new rnet.Client()
  const [first, second] = [await client.get(server.url('/get')), await client.get(server.url('/get'))]
  const remote = first.remoteAddr
  assert.ok(remote instanceof rnet.SocketAddr)
  assert.equal(remote.ip(), '127.0.0.1')
  assert.equal(remote.port(), server.ports.http)
  assert.equal(String(remote), `127.0.0.1:${server.ports.http}`)
  assert.equal(first.localAddr.ip(), '127.0.0.1')
  assert.notEqual(first.localAddr.port(), remote.port())
  assert.equal(String(second.localAddr), String(first.localAddr)) // a pooled connection
})
