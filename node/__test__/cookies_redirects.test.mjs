// Cookies (Cookie, Jar, cookieStore, cookieProvider) and redirect history.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

test('Set-Cookie lands in the jar with path rules', async () => {
  const client = new rnet.Client({ cookieStore: true })
  await client.get(server.url('/cookies/set?root=1'))
  await client.get(server.url('/cookies/set?scoped=2&_path=/scoped'))
  const atRoot = (await (await client.get(server.url('/cookies'))).json()).cookies
  const atScoped = (await (await client.get(server.url('/scoped/cookies'))).json()).cookies
  assert.deepEqual(atRoot, { root: '1' })
  assert.deepEqual(atScoped, { root: '1', scoped: '2' })
  const jar = client.cookieJar
  assert.ok(jar instanceof rnet.Jar)
  assert.equal(jar.len(), 2)
  assert.equal(jar.get('root', server.url('/')).value, '1')
  assert.deepEqual(jar.getAll().map((c) => c.name).sort(), ['root', 'scoped'])
})

test('host scoping and a shared jar', async () => {
  const jar = new rnet.Jar()
  const a = new rnet.Client({ cookieProvider: jar })
  const b = new rnet.Client({ cookieProvider: jar })
  await a.get(server.url('/cookies/set?shared=yes'))
  assert.deepEqual((await (await b.get(server.url('/cookies'))).json()).cookies, { shared: 'yes' })
  const localhost = server.url('/cookies').replace('127.0.0.1', 'localhost')
  assert.deepEqual((await (await b.get(localhost)).json()).cookies, {})
  assert.equal(new rnet.Client().cookieJar, null)
})

test('Jar API and a per-request provider', async () => {
  const jar = new rnet.Jar()
  jar.add(new rnet.Cookie('k', 'v', { path: '/', httpOnly: true }), server.url('/'))
  jar.add('s=t; Path=/', server.url('/'))
  assert.equal(jar.get('s', server.url('/')).value, 't')
  const seen = (await (await rnet.get(server.url('/cookies'), { cookieProvider: jar })).json()).cookies
  assert.deepEqual(seen, { k: 'v', s: 't' })
  jar.remove('k', server.url('/'))
  assert.equal(jar.get('k', server.url('/')), null)
  jar.clear()
  assert.ok(jar.isEmpty())
  assert.throws(() => jar.add('x=1', 'not a url'), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => jar.add(';;;', server.url('/')), (e) => e.code === 'ERR_RNET_BUILDER')
})

test('Cookie object', () => {
  const c = new rnet.Cookie('id', '42', { domain: 'example.com', path: '/a', maxAge: 3_600_000, httpOnly: true, secure: true, sameSite: 'Lax' })
  assert.deepEqual([c.name, c.value, c.domain, c.path, c.maxAge], ['id', '42', 'example.com', '/a', 3_600_000])
  assert.ok(c.httpOnly && c.secure && c.sameSite === 'Lax')
  assert.match(c.toString(), /id=42/)
  for (const [n, v] of [['', 'v'], ['a;b', 'v'], ['a', 'v\r\nX: y']]) {
    assert.throws(() => new rnet.Cookie(n, v), (e) => e.code === 'ERR_RNET_BUILDER')
  }
  assert.throws(() => new rnet.Cookie('a', 'b', { colour: 'red' }), TypeError)
})

test('Cookie expires', () => {
  const at = new Date(Date.UTC(2031, 4, 6, 7, 8, 9))
  const c = new rnet.Cookie('e', '1', { expires: at })
  assert.ok(c.expires instanceof Date)
  assert.equal(c.expires.getTime(), at.getTime())
  assert.match(c.toString(), /Expires=Tue, 06 May 2031 07:08:09 GMT/)
  assert.equal(new rnet.Cookie('e', '1', { expires: at.getTime() }).expires.getTime(), at.getTime())
  assert.equal(new rnet.Cookie('e', '1').expires, null)
  assert.throws(() => new rnet.Cookie('e', '1', { expires: 'tomorrow' }), TypeError)
})

test('response cookies and redirect history', async () => {
  const resp = await rnet.get(server.url('/cookies/set?a=1&b=2'))
  assert.deepEqual(resp.cookies.map((c) => [c.name, c.value]).sort(), [['a', '1'], ['b', '2']])
  const followed = await new rnet.Client({ redirect: rnet.Policy.limited(5) }).get(server.url('/redirect/2'))
  assert.deepEqual(followed.history.map((h) => h.status), [302, 302])
  const first = followed.history[0]
  assert.ok(first.previous.endsWith('/redirect/2') && first.url.endsWith('/redirect/1'))
  assert.equal(first.headers.get('location'), '/redirect/1')
  assert.equal(rnet.Policy.limited(3).toString(), 'Policy.limited(3)')
})

test('custom redirect policy', async () => {
  const seen = []
  const policy = rnet.Policy.custom((attempt) => {
    seen.push([attempt.status, attempt.next.split(':').at(-1), attempt.previous.length])
    assert.ok(attempt.headers.get('location'))
    return attempt.follow()
  })
  const resp = await new rnet.Client({ redirect: policy }).get(server.url('/redirect/2'))
  const port = server.ports.http
  assert.equal(resp.status, 200)
  assert.equal(resp.history.length, 2)
  assert.deepEqual(seen, [[302, `${port}/redirect/1`, 1], [302, `${port}/get`, 2]])
})

test('custom policy: stop, error and throw', async () => {
  const get = (fn) => rnet.get(server.url('/redirect/2'), { redirect: rnet.Policy.custom(fn) })
  assert.equal((await get((a) => a.stop())).status, 302)
  await assert.rejects(get((a) => a.error('not today')), (e) => e.code === 'ERR_RNET_REDIRECT' && /not today/.test(e.message))
  await assert.rejects(get(() => { throw new Error('callback exploded') }), (e) => e.code === 'ERR_RNET_REDIRECT' && /callback exploded/.test(e.message))
  assert.throws(() => rnet.Policy.custom('not a function'), TypeError)
})
