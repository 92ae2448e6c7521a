// DNS: hickory against the fixture's loopback name server, the system resolver, overrides
// and the lookup strategy. No query leaves the machine: hickory is always pointed at
// 127.0.0.1, and the system resolver is only asked for localhost.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const get = async (url, opts) => (await new rnet.Client(opts).get(url)).json()
const dnsLog = async () => (await fetch(server.url('/dns-log'))).json()
const loopbackDns = (opts = {}) => new rnet.DnsOptions({ nameservers: [`127.0.0.1:${server.ports.dns}`], ...opts })
const isDnsError = (e) => e.code === 'ERR_RNET_DNS'

test('hickory asks the configured name server', async () => {
  const url = `http://api.${server.ports.dns_zone}:${server.ports.http}/get`
  const seen = await get(url, { dnsOptions: loopbackDns() })
  assert.equal(seen.url, url)
  assert.equal(seen.origin, '127.0.0.1')
  assert.ok((await dnsLog()).some((q) => q.name === `api.${server.ports.dns_zone}` && q.type === 1))
})

test('hickory strategy and NXDOMAIN', async () => {
  const { dns_zone: zone, http } = server.ports
  await assert.rejects(get(`http://v6.${zone}:${http}/get`, { dnsOptions: loopbackDns({ lookupIpStrategy: 'IPV6_ONLY' }) }), isDnsError)
  assert.deepEqual([...new Set((await dnsLog()).filter((q) => q.name === `v6.${zone}`).map((q) => q.type))], [28])
  await assert.rejects(get(`http://missing.example:${http}/get`, { dnsOptions: loopbackDns() }), (e) => isDnsError(e) && e.message.includes('missing.example'))
})

test('one resolver is shared by clients', async () => {
  const { dns_zone: zone, http } = server.ports
  const dns = loopbackDns({ lookupIpStrategy: 'IPV4_ONLY' })
  for (let i = 0; i < 3; i++) await get(`http://cached.${zone}:${http}/get`, { dnsOptions: dns })
  assert.equal((await dnsLog()).filter((q) => q.name === `cached.${zone}`).length, 1)
})

test('system resolver', async () => {
  const url = `http://localhost:${server.ports.http}/get`
  const v4 = new rnet.DnsOptions({ systemDns: true, lookupIpStrategy: 'IPV4_ONLY' })
  assert.equal((await get(url, { dnsOptions: v4 })).origin, '127.0.0.1')
  const v6 = new rnet.DnsOptions({ systemDns: true, lookupIpStrategy: 'IPV6_ONLY' })
  await assert.rejects(get(url, { dnsOptions: v6 }), (e) => e.code.startsWith('ERR_RNET_')) // fixture is IPv4-only
})

test('addResolve makes up a host', async () => {
  const dns = new rnet.DnsOptions()
  dns.addResolve('api.rnet-test.invalid', ['127.0.0.1'])
  const url = `http://api.rnet-test.invalid:${server.ports.http}/get`
  assert.equal((await get(url, { dnsOptions: dns })).url, url)
})

test('bad DNS input', () => {
  const builder = (e) => e.code === 'ERR_RNET_BUILDER'
  assert.throws(() => new rnet.DnsOptions().addResolve('example.com', ['not-an-ip']), builder)
  assert.throws(() => new rnet.DnsOptions({ lookupIpStrategy: 'v4' }), TypeError)
  assert.throws(() => new rnet.DnsOptions({ nameservers: ['not-a-server'] }), (e) => builder(e) && e.message.includes('not-a-server'))
  assert.throws(() => new rnet.DnsOptions({ systemDns: true, nameservers: ['127.0.0.1'] }), builder)
})
