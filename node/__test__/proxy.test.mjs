// Proxies: traffic really goes through the loopback HTTP and SOCKS5 proxies, credentials are
// used, failures reject with ERR_RNET_PROXY_CONNECTION, and credentials never show.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const log = async () => (await fetch(server.url('/proxy-log'))).json()
async function newEntries(fn) {
  const before = await log()
  await fn()
  return (await log()).slice(before.length)
}
function proxyUrl(name, creds = false) {
  const scheme = name.startsWith('socks5') ? 'socks5' : 'http'
  const userinfo = creds ? `${server.ports.proxy_user}:${server.ports.proxy_password}@` : ''
  return `${scheme}://${userinfo}127.0.0.1:${server.ports[name]}`
}
async function status(url, clientOpts, req = {}) {
  const client = new rnet.Client({ tlsVerify: false, ...clientOpts })
  return (await client.get(url, req)).status
}

for (const target of ['http', 'https']) {
  test(`HTTP proxy to ${target}`, async () => {
    const entries = await newEntries(async () => {
      assert.equal(await status(server.url('/get', target), { proxies: [rnet.Proxy.all(proxyUrl('http_proxy'))] }), 200)
    })
    assert.equal(entries.length, 1)
    assert.equal(entries[0].kind, target === 'https' ? 'http-connect' : 'http-forward')
  })
}

test('HTTP proxy credentials are used', async () => {
  const proxy = rnet.Proxy.all(proxyUrl('http_proxy_auth'), { username: 'rnet', password: server.ports.proxy_password })
  const entries = await newEntries(async () => {
    assert.equal(await status(server.url('/get', 'https'), { proxies: [proxy] }), 200)
  })
  assert.deepEqual(entries.at(-1), { kind: 'http-connect', target: `127.0.0.1:${server.ports.https}`, user: 'rnet' })
})

test('SOCKS5 with and without auth, and socks5h', async () => {
  const entries = await newEntries(async () => {
    assert.equal(await status(server.url('/get', 'https'), { proxies: [rnet.Proxy.all(proxyUrl('socks5'))] }), 200)
    assert.equal(await status(server.url('/get'), { proxies: [rnet.Proxy.all(proxyUrl('socks5_auth', true))] }), 200)
    const h = rnet.Proxy.all(proxyUrl('socks5').replace('socks5://', 'socks5h://'))
    assert.equal(await status(`http://localhost:${server.ports.http}/get`, { proxies: [h] }), 200)
  })
  assert.deepEqual(entries.map((e) => [e.kind, e.user]), [['socks5', null], ['socks5', 'rnet'], ['socks5', null]])
  assert.equal(entries[2].target, `localhost:${server.ports.http}`)
})

test('per-request proxy overrides the client, exclusion bypasses', async () => {
  let entries = await newEntries(async () => {
    await status(server.url('/get'), { proxies: [rnet.Proxy.all(proxyUrl('http_proxy'))] }, { proxy: rnet.Proxy.all(proxyUrl('socks5')) })
  })
  assert.deepEqual(entries.map((e) => e.kind), ['socks5'])
  entries = await newEntries(async () => {
    await status(server.url('/get'), { proxies: [rnet.Proxy.all(proxyUrl('http_proxy'), { exclusion: '127.0.0.1' })] })
  })
  assert.deepEqual(entries, [])
})

for (const name of ['http_proxy_auth', 'socks5_auth', 'closed']) {
  test(`proxy failure via ${name}: coded error without credentials`, async () => {
    const secret = 'wr0ng-Secret-77'
    const proxy = rnet.Proxy.all(`${name.startsWith('socks5') ? 'socks5' : 'http'}://rnet:${secret}@127.0.0.1:${server.ports[name]}`)
    assert.ok(!proxy.toString().includes(secret))
    await assert.rejects(status(server.url('/get', 'https'), { proxies: [proxy] }), (e) => {
      assert.equal(e.code, 'ERR_RNET_PROXY_CONNECTION')
      assert.ok(!e.message.includes(secret) && !e.stack.includes(secret))
      return true
    })
  })
}

test('bad proxy input', () => {
  assert.throws(() => rnet.Proxy.all('ftp://127.0.0.1:1'), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => rnet.Proxy.all('http://127.0.0.1:1', { user: 'x' }), TypeError)
  assert.throws(() => new rnet.Client({ proxies: 'http://127.0.0.1:1' }), TypeError)
})

test('SOCKS4 and SOCKS4a', async () => {
  const base = `127.0.0.1:${server.ports.socks5}`
  const entries = await newEntries(async () => {
    assert.equal(await status(server.url('/get'), { proxies: [rnet.Proxy.all(`socks4://${base}`)] }), 200)
    assert.equal(await status(`http://localhost:${server.ports.http}/get`, { proxies: [rnet.Proxy.all(`socks4a://${base}`)] }), 200)
  })
  assert.deepEqual(entries.map((e) => [e.kind, e.target]), [
    ['socks4', `127.0.0.1:${server.ports.http}`],
    ['socks4a', `localhost:${server.ports.http}`],
  ])
})

test('a proxy URL string is taken where a Proxy is, credentials included', async () => {
  const entries = await newEntries(async () => {
    assert.equal(await status(server.url('/get', 'https'), { proxies: [proxyUrl('http_proxy_auth', true)] }), 200)
    assert.equal(await status(server.url('/get', 'https'), {}, { proxy: proxyUrl('socks5_auth', true) }), 200)
  })
  assert.deepEqual(entries.map((e) => [e.kind, e.user]), [['http-connect', 'rnet'], ['socks5', 'rnet']])
  await assert.rejects(status(server.url('/get'), {}, { proxy: 'not a url' }), { code: 'ERR_RNET_BUILDER' })
})

test('a ProxyPool rotates, puts a dead proxy aside, and keeps a sticky host on one proxy', async () => {
  const dead = `http://127.0.0.1:${server.ports.closed}`
  // A client per request, so each opens its own proxy connection; they share the pool's turns.
  const through = (pool, urls) => newEntries(async () => {
    for (const u of urls) assert.equal((await new rnet.Client({ proxies: pool }).get(u)).status, 200)
  })
  const rr = new rnet.ProxyPool([dead, proxyUrl('http_proxy'), proxyUrl('socks5')], { cooldown: 60000 })
  assert.deepEqual((await through(rr, Array(4).fill(server.url('/get')))).map((e) => e.kind),
    ['http-forward', 'http-forward', 'socks5', 'http-forward'])

  const sticky = new rnet.ProxyPool([proxyUrl('http_proxy'), proxyUrl('socks5').replace('socks5://', 'socks5h://')], { strategy: 'StickyPerHost' })
  const [a, b] = [server.url('/get'), server.url('/get', 'http', 'localhost')]
  const byHost = {}
  for (const e of await through(sticky, [a, b, a, b, a])) (byHost[e.target.split(':')[0]] ??= new Set()).add(e.kind)
  assert.deepEqual(byHost, { '127.0.0.1': new Set(['http-forward']), localhost: new Set(['socks5']) })

  assert.throws(() => new rnet.ProxyPool([]), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => new rnet.ProxyPool([dead], { strategy: 'Sideways' }), TypeError)
})

test('a ProxyPool routes WebSocket handshakes too', async () => {
  const pool = new rnet.ProxyPool([proxyUrl('http_proxy')])
  const entries = await newEntries(async () => {
    const ws = await new rnet.Client({ proxies: pool }).websocket(server.url('/ws').replace('http', 'ws'))
    await ws.close()
  })
  assert.deepEqual(entries.map((e) => e.kind), ['http-forward'])
})
