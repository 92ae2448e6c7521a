// TlsOptions: the ClientHello the server sees changes exactly as configured.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const hello = async (tls) =>
  (await (await new rnet.Client({ tlsVerify: false, tlsOptions: new rnet.TlsOptions(tls) }).get(server.url('/fingerprint', 'https'))).json())

test('ciphers, curves, sigalgs and ALPN', async () => {
  const seen = await hello({
    cipherList: 'TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256',
    curvesList: 'X25519:P-256',
    sigalgsList: 'ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256:rsa_pkcs1_sha256',
    alpnProtocols: ['HTTP1'],
  })
  // BoringSSL always offers its TLS 1.3 suites; the TLS 1.2 suites are exactly the list.
  assert.deepEqual(seen.tls.ciphers.filter((c) => c < 0x1301 || c > 0x1303), [0xc02b])
  assert.deepEqual(seen.tls.groups, [29, 23])
  assert.deepEqual(seen.tls.sig_algs, [0x0403, 0x0804, 0x0401])
  assert.deepEqual(seen.tls.alpn, ['http/1.1'])
  assert.equal(seen.version, 'HTTP/1.1')
})

test('extension switches', async () => {
  const base = new Set((await hello({})).tls.extensions)
  const ech = new Set((await hello({ enableEchGrease: true })).tls.extensions)
  assert.ok(ech.has(0xfe0d) && !base.has(0xfe0d))
  const noTicket = new Set((await hello({ sessionTicket: false })).tls.extensions)
  assert.ok(base.has(35) && !noTicket.has(35))
})

test('max version and bad input', async () => {
  assert.equal((await hello({ maxTlsVersion: 'TLS_1_2' })).tls_version, 'TLSv1_2')
  assert.throws(() => new rnet.TlsOptions({ recordSizeLimit: 70000 }), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => new rnet.TlsOptions({ alpnProtocols: ['h2'] }), TypeError)
})

test('certificate compression and extension order', async () => {
  const base = (await hello({})).tls.extensions
  const compressed = (await hello({ certificateCompressionAlgorithms: ['BROTLI'] })).tls.extensions
  assert.ok(!base.includes(27) && compressed.includes(27))
  const numbers = [43, 51, 10, 13]
  const order = ['SUPPORTED_VERSIONS', 'KEY_SHARE', 'SUPPORTED_GROUPS', 'SIGNATURE_ALGORITHMS']
  const seen = (await hello({ extensionPermutation: order })).tls.extensions
  assert.deepEqual(seen.filter((e) => numbers.includes(e)), numbers)
  const reversed = (await hello({ extensionPermutation: [...order].reverse() })).tls.extensions
  assert.deepEqual(reversed.filter((e) => numbers.includes(e)), [...numbers].reverse())
})

test('key shares, post-quantum groups included', async () => {
  const seen = await hello({ curvesList: 'MLKEM1024:X25519Kyber768Draft00:X25519', keyShares: ['MLKEM1024', 'X25519_KYBER768_DRAFT00'] })
  assert.deepEqual(seen.tls.groups, [0x0202, 0x6399, 29])
  assert.deepEqual(seen.tls.key_shares, [0x0202, 0x6399])
  const builder = (re) => (e) => e.code === 'ERR_RNET_BUILDER' && re.test(e.message)
  assert.throws(() => new rnet.TlsOptions({ keyShares: ['FFDHE3072'] }), builder(/cannot be generated/))
  assert.throws(() => new rnet.TlsOptions({ curvesList: 'X25519', keyShares: ['P256'] }), builder(/not among the groups/))
  assert.throws(() => new rnet.TlsOptions({ curvesList: 'X25519:P-256', keyShares: ['P256', 'X25519'] }), builder(/order of curvesList/))
})
