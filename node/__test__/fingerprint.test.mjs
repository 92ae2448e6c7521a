// Zero drift: the fixture server sees the same TLS, HTTP/2 and header fingerprint from Node
// as from pure Rust (rnet/examples/fingerprint.rs), per profile.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture, ROOT } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const SPEC = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/fingerprint.json'), 'utf8'))
const RUST_REF = path.join(ROOT, 'target/x86_64-unknown-linux-gnu/debug/examples/fingerprint')
// BoringSSL pads a ClientHello whose length falls in a certain range (extension 21), and
// profiles with ECH GREASE vary that length per connection (random payload size), so padding
// comes and goes (Chrome 116-123): they are compared without it.
const PADDING = 21
const hello = (t) => JSON.stringify([t.ciphers, t.extensions.filter((e) => e !== PADDING).sort((a, b) => a - b),
  t.groups, t.sig_algs, t.alpn, t.versions, t.key_shares, t.alps])

// Zero drift holds for every profile, wreq-util's and rnet's own: the listed specs (some with a
// platform) and then each remaining profile once.
const SPECS = [...SPEC.profiles, ...Object.keys(rnet.Profile).filter((p) => !SPEC.profiles.includes(p))]

function emulation(spec) {
  const [profile, platform] = spec.split(':')
  return platform ? new rnet.Emulation(profile, { platform }) : profile
}

async function seenByServer(url, spec, request = {}) {
  const client = new rnet.Client({ emulation: emulation(spec), tlsVerify: false })
  return (await client.get(url, request)).json()
}

let server, rust, rustAgain
const nodeSeen = {}
before(async () => {
  server = await startFixture()
  const url = server.url('/fingerprint', 'https')
  const run = () => JSON.parse(execFileSync(RUST_REF, [url, ...SPECS], { maxBuffer: 64 << 20 }))
  rust = run()
  rustAgain = run()
  for (const spec of SPECS) nodeSeen[spec] = await seenByServer(url, spec)
})
after(() => server.stop())

for (const spec of SPECS) {
  test(`same fingerprint as Rust: ${spec}`, () => {
    const ref = rust[spec]
    const got = nodeSeen[spec]
    assert.equal(hello(got.tls), hello(ref.tls))
    if (![...got.tls.extensions, ...ref.tls.extensions].includes(PADDING)) {
      assert.equal(got.tls.ja4, ref.tls.ja4)
      assert.equal(got.tls.ja3n_hash, ref.tls.ja3n_hash)
      if (ref.tls.ja3_hash === rustAgain[spec].tls.ja3_hash) {
        // Profiles without extension permutation: the exact order must match too.
        assert.equal(got.tls.ja3_hash, ref.tls.ja3_hash)
      }
    }
    assert.equal(got.http2.akamai, ref.http2.akamai)
    assert.equal(got.http2.akamai_hash, ref.http2.akamai_hash)
    assert.deepEqual(got.headers, ref.headers)
  })
}

test('different profiles look different', () => {
  const looks = SPEC.distinct.map((s) => JSON.stringify([nodeSeen[s].tls.ja4, nodeSeen[s].http2.akamai, nodeSeen[s].headers]))
  assert.equal(new Set(looks).size, looks.length)
  const families = ['Chrome149', 'Firefox151', 'Safari26_4', 'OkHttp5']
  assert.equal(new Set(families.map((s) => nodeSeen[s].tls.ja4 + nodeSeen[s].http2.akamai)).size, families.length)
})

test('platform changes the platform headers', () => {
  for (const [spec, platform] of Object.entries(SPEC.platforms)) {
    const headers = Object.fromEntries(nodeSeen[spec].headers)
    assert.equal(headers['sec-ch-ua-platform'], platform)
  }
})

test('orig_headers sets order and case on HTTP/1.1', async () => {
  const url = server.url('/fingerprint')
  const headers = { 'x-first': '1', 'x-second': '2', 'x-third': '3' }
  const names = async (origHeaders) =>
    (await (await rnet.get(url, { headers, origHeaders })).json()).headers.map(([k]) => k).filter((k) => k.toLowerCase().startsWith('x-'))
  assert.deepEqual(await names(['X-Third', 'x-FIRST', 'X-Second']), ['X-Third', 'x-FIRST', 'X-Second'])
  assert.deepEqual(await names(new rnet.OrigHeaderMap(['X-Second', 'X-First', 'X-Third'])), ['X-Second', 'X-First', 'X-Third'])
})

test('defaultHeaders: false drops the profile headers', async () => {
  const url = server.url('/fingerprint', 'https')
  const withDefaults = Object.fromEntries((await seenByServer(url, 'Chrome149')).headers)
  const without = Object.fromEntries((await seenByServer(url, 'Chrome149', { defaultHeaders: false })).headers)
  assert.ok('sec-ch-ua' in withDefaults && !('sec-ch-ua' in without))
})

test('Emulation and OrigHeaderMap objects', () => {
  const e = new rnet.Emulation('Firefox151', { platform: 'Windows', http2: false })
  assert.deepEqual([e.profile, e.platform, e.http2, e.headers], ['Firefox151', 'Windows', false, true])
  const r = rnet.Emulation.random()
  assert.equal(typeof r.profile, 'string')
  assert.throws(() => new rnet.Client({ emulation: 'NoSuchBrowser' }), TypeError)
  const m = new rnet.OrigHeaderMap()
  assert.ok(m.insert('X-A'))
  assert.ok(!m.insert('x-a'))
  m.extend(['X-B'])
  assert.deepEqual(m.names(), ['X-A', 'X-B'])
})

test('rnet-fingerprint command matches Rust', () => {
  const out = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'node/bin/rnet-fingerprint.mjs'), 'Chrome149', 'OkHttp5', '--json']))
  for (const spec of ['Chrome149', 'OkHttp5']) {
    assert.equal(out[spec].ja4, rust[spec].tls.ja4)
    assert.equal(out[spec].akamai, rust[spec].http2.akamai)
    assert.equal(out[spec].header_order, rust[spec].headers.map(([k]) => k).join(','))
  }
})

test('the shipped echo (FingerprintEcho) sees what the fixture sees', async () => {
  const echo = await rnet.FingerprintEcho.start()
  let a, b, kept
  try {
    const emulation = new rnet.Emulation('Firefox153', { platform: 'Linux' })
    const ours = new rnet.Client({ emulation, tlsVerify: echo.caPem })
    const fixture = new rnet.Client({ emulation, tlsVerify: server.ports.ca_pem })
    a = await (await ours.get(`${echo.url}/fingerprint`)).json()
    b = await (await fixture.get(server.url('/fingerprint', 'https', 'localhost'))).json()
    assert.deepEqual(echo.captures(), {})
    await (await ours.get(`${echo.url}/capture-page`)).text()
    await (await ours.get(`${echo.url}/capture/fetch`)).text()
    kept = echo.captures()
  } finally {
    echo.close()
  }
  // Closed: refused, or reset if the listener was still going away.
  await assert.rejects(new rnet.Client().get(`${echo.httpUrl}/x`), { code: /^ERR_RNET_CONNECTION/ })
  for (const key of ['ja4', 'ja3n_hash', 'ja4_r']) assert.equal(a.tls[key], b.tls[key])
  assert.equal(a.http2.akamai, b.http2.akamai)
  assert.deepEqual(a.headers, b.headers)
  assert.deepEqual(Object.keys(kept).sort(), ['fetch', 'navigate'])
})
