// DNS: overrides resolve made-up names; the lookup strategy filters address families.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const get = async (url, opts) => (await new rnet.Client(opts).get(url)).json()

test('addResolve makes up a host', async () => {
  const dns = new rnet.DnsOptions()
  dns.addResolve('api.rnet-test.invalid', ['127.0.0.1'])
  const url = `http://api.rnet-test.invalid:${server.ports.http}/get`
  assert.equal((await get(url, { dnsOptions: dns })).url, url)
  // (No "fails without the override" check: that would send a DNS query off this machine.)
})

test('lookup strategy', async () => {
  const url = `http://localhost:${server.ports.http}/get`
  assert.equal((await get(url, { dnsOptions: new rnet.DnsOptions({ lookupIpStrategy: 'IPV4_ONLY' }) })).origin, '127.0.0.1')
  await assert.rejects(get(url, { dnsOptions: new rnet.DnsOptions({ lookupIpStrategy: 'IPV6_ONLY' }) }), (e) => e.code.startsWith('ERR_RNET_'))
})

test('bad DNS input', () => {
  assert.throws(() => new rnet.DnsOptions().addResolve('example.com', ['not-an-ip']), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => new rnet.DnsOptions({ lookupIpStrategy: 'v4' }), TypeError)
})
