// Security defaults: credentials never follow a redirect to another host, cookies stay with
// their host, and secrets from proxy URLs, URLs and auth options never appear in an inspect
// output, a URL or an error. (TLS verification on by default and httpsOnly are shared cases.)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { inspect } from 'node:util'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const SENSITIVE = new Set(['authorization', 'cookie', 'proxy-authorization'])
const sent = (headers) => Object.fromEntries(headers.filter(([k]) => SENSITIVE.has(k)))

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const SECRETS = {
  basicAuth: { basicAuth: ['user', 's3cret-basic'] },
  bearerAuth: { bearerAuth: 's3cret-bearer' },
  'explicit headers': { headers: { Authorization: 'Basic s3cret', Cookie: 'session=s3cret', 'Proxy-Authorization': 'Basic s3cret' } },
}

for (const [name, opts] of Object.entries(SECRETS)) {
  test(`credentials (${name}) are dropped on a cross-host redirect only`, async () => {
    const client = new rnet.Client({ redirect: rnet.Policy.limited(5) })
    const port = server.ports.http
    const other = await client.get(server.url(`/redirect-to?url=http://localhost:${port}/headers`), opts)
    assert.ok(other.url.startsWith('http://localhost:'))
    assert.deepEqual(sent((await other.json()).headers), {})
    const same = await client.get(server.url('/redirect-to?url=/headers'), opts)
    assert.ok('authorization' in sent((await same.json()).headers))
  })
}

test('cookies never reach another host', async () => {
  const client = new rnet.Client({ cookieStore: true })
  await client.get(server.url('/cookies/set?token=s3cret'))
  const other = await client.get(`http://localhost:${server.ports.http}/cookies`)
  assert.deepEqual((await other.json()).cookies, {})
  const same = await client.get(server.url('/cookies'))
  assert.deepEqual((await same.json()).cookies, { token: 's3cret' })
})

test('proxy credentials are redacted', async () => {
  const proxy = rnet.Proxy.all(`http://user:pw-s3cret@127.0.0.1:${server.ports.closed}`)
  for (const shown of [inspect(proxy), String(proxy), JSON.stringify(proxy) ?? '']) {
    assert.ok(!shown.includes('pw-s3cret'), shown)
  }
  await assert.rejects(new rnet.Client({ proxies: [proxy] }).get(server.url('/get')), (err) => {
    assert.equal(err.code, 'ERR_RNET_PROXY_CONNECTION')
    assert.ok(!err.message.includes('pw-s3cret') && !inspect(err).includes('pw-s3cret'), err.message)
    return true
  })
})

test('URL credentials are sent but never shown', async () => {
  const resp = await rnet.get(server.url('/headers').replace('http://', 'http://user:pw-s3cret@'))
  assert.ok(!resp.url.includes('pw-s3cret') && !inspect(resp).includes('pw-s3cret'))
  assert.match(sent((await resp.json()).headers).authorization, /^Basic /)
  await assert.rejects(rnet.get(`http://user:pw-s3cret@127.0.0.1:${server.ports.closed}/x`), (err) => {
    assert.equal(err.code, 'ERR_RNET_CONNECTION')
    assert.ok(!err.message.includes('pw-s3cret') && err.message.includes('127.0.0.1'), err.message)
    return true
  })
})

test('TLS verification is on by default', async () => {
  await assert.rejects(new rnet.Client().get(server.url('/get', 'https')), { code: 'ERR_RNET_TLS' })
  await assert.rejects(rnet.get(server.url('/get', 'https')), { code: 'ERR_RNET_TLS' })
})
