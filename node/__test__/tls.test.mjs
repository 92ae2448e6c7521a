// TLS: trust (CA file, CertStore), hostname checks, mutual TLS, key logging, versions and the
// peer certificate, against the fixture's own CA-signed certificates.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const pemToDer = (pem) => Buffer.from(pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64')
const localhost = (p, listener = 'https') => server.url(p, listener, 'localhost')
async function get(url, client) {
  const resp = await new rnet.Client(client).get(url)
  return [resp, resp.status === 200 ? await resp.json() : null]
}

test('trust a CA file or a CertStore', async () => {
  const ca = server.ports.ca_pem
  assert.equal((await get(localhost('/get'), { tlsVerify: ca }))[0].status, 200)
  await assert.rejects(get(localhost('/get'), {}), (e) => e.code === 'ERR_RNET_TLS')
  const pem = readFileSync(ca, 'utf8')
  for (const store of [new rnet.CertStore({ pemCerts: [pem] }), new rnet.CertStore({ derCerts: [pemToDer(pem)] })]) {
    assert.equal((await get(localhost('/get'), { tlsVerify: store }))[0].status, 200)
  }
  await assert.rejects(get(localhost('/get'), { tlsVerify: new rnet.CertStore() }), (e) => e.code === 'ERR_RNET_TLS')
})

test('CertStore.fromPemCerts / fromDerCerts / fromPemStack', async () => {
  const pem = readFileSync(server.ports.ca_pem, 'utf8')
  const stores = [rnet.CertStore.fromPemCerts([pem]), rnet.CertStore.fromDerCerts([pemToDer(pem)]), rnet.CertStore.fromPemStack(Buffer.from(pem))]
  for (const store of stores) assert.equal((await get(localhost('/get'), { tlsVerify: store }))[0].status, 200)
  assert.throws(() => rnet.CertStore.fromPemStack(Buffer.from('not a pem stack')), (e) => e.code === 'ERR_RNET_BUILDER' && /PEM/.test(e.message))
})

test('hostname verification', async () => {
  const ipUrl = server.url('/get', 'https')
  await assert.rejects(get(ipUrl, { tlsVerify: server.ports.ca_pem }), (e) => e.code === 'ERR_RNET_TLS')
  assert.equal((await get(ipUrl, { tlsVerify: server.ports.ca_pem, tlsVerifyHostname: false }))[0].status, 200)
})

test('mutual TLS', async () => {
  const url = localhost('/fingerprint', 'https_mtls')
  await assert.rejects(get(url, { tlsVerify: server.ports.ca_pem }), (e) => typeof e.code === 'string' && e.code.startsWith('ERR_RNET_'))
  const identity = rnet.Identity.fromPkcs8Pem(readFileSync(server.ports.client_cert_pem), readFileSync(server.ports.client_key_pem))
  const [resp, seen] = await get(url, { tlsVerify: server.ports.ca_pem, tlsIdentity: identity })
  assert.equal(resp.status, 200)
  assert.equal(seen.client_cert, true)
})

test('key log file is written', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rnet-')), 'keys.log')
  await get(localhost('/get'), { tlsVerify: server.ports.ca_pem, tlsKeylog: rnet.KeyLog.file(file) })
  assert.match(readFileSync(file, 'utf8'), /CLIENT_HANDSHAKE_TRAFFIC_SECRET|CLIENT_RANDOM/)
})

test('peer certificate and TLS versions', async () => {
  const der = pemToDer(readFileSync(server.ports.server_cert_pem, 'utf8'))
  const [resp] = await get(localhost('/get'), { tlsVerify: server.ports.ca_pem, tlsInfo: true })
  assert.ok(resp.peerCertificate.equals(der))
  assert.equal((await get(localhost('/get'), { tlsVerify: server.ports.ca_pem }))[0].peerCertificate, null)
  const url = localhost('/fingerprint')
  assert.equal((await get(url, { tlsVerify: server.ports.ca_pem }))[1].tls_version, 'TLSv1_3')
  assert.equal((await get(url, { tlsVerify: server.ports.ca_pem, tlsMaxVersion: 'TLS_1_2' }))[1].tls_version, 'TLSv1_2')
})

test('bad TLS input', () => {
  assert.throws(() => new rnet.Client({ tlsVerify: '/nonexistent/ca.pem' }), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => rnet.Identity.fromPkcs8Pem(Buffer.from('x'), Buffer.from('y')), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => new rnet.Client({ tlsVerify: 3.5 }), TypeError)
})
