// Pool, TCP and local-address options, and per-request emulation overriding the client's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

async function sequential(n, options) {
  const before = (await server.stats()).connections
  const client = new rnet.Client(options)
  for (let i = 0; i < n; i++) await (await client.get(server.url('/get'))).bytes()
  return (await server.stats()).connections - before
}

test('the pool reuses connections unless told not to', async () => {
  assert.equal(await sequential(3, {}), 1)
  assert.equal(await sequential(3, { poolMaxIdlePerHost: 0 }), 3)
})

test('TCP options are accepted and requests work', async () => {
  const opts = {
    tcpKeepalive: 30_000, tcpKeepaliveInterval: 5_000, tcpKeepaliveRetries: 3, tcpUserTimeout: 10_000,
    tcpNodelay: true, tcpReuseAddress: true, poolIdleTimeout: 60_000, poolMaxSize: 8,
  }
  assert.equal(await sequential(2, opts), 1)
})

test('local address', async () => {
  const origin = async (opts) => (await (await new rnet.Client(opts).get(server.url('/get'))).json()).origin
  assert.equal(await origin({ localAddress: '127.0.0.1' }), '127.0.0.1')
  assert.equal(await origin({ localAddresses: ['127.0.0.1', null] }), '127.0.0.1')
  assert.throws(() => new rnet.Client({ localAddress: 'not-an-ip' }), (e) => e.code === 'ERR_RNET_BUILDER')
})

test('per-request emulation overrides the client', async () => {
  const client = new rnet.Client({ emulation: 'Firefox151', tlsVerify: false })
  const url = server.url('/fingerprint', 'https')
  const own = Object.fromEntries((await (await client.get(url)).json()).headers)
  const other = Object.fromEntries((await (await client.get(url, { emulation: 'OkHttp5' })).json()).headers)
  assert.match(own['user-agent'], /Firefox\/151/)
  assert.match(other['user-agent'].toLowerCase(), /okhttp/)
})
