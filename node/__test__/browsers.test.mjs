// Fidelity against real browsers: a profile sends what the browser it names sent the same
// echo (tests/captures/, captured headless by scripts/capture-browsers.sh). The cases and every
// allowed difference, with its reason, are in tests/cases/browsers.json, shared with Python.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture, ROOT } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const { cases: CASES } = JSON.parse(readFileSync(path.join(ROOT, 'tests/cases/browsers.json'), 'utf8'))
const capture = (c) => JSON.parse(readFileSync(path.join(ROOT, 'tests/captures', c.capture), 'utf8')).navigate

let server
const seen = {}
before(async () => {
  server = await startFixture()
  const url = server.url('/fingerprint', 'https', 'localhost')
  for (const c of CASES) {
    const emulation = new rnet.Emulation(c.profile, { platform: c.platform })
    const client = new rnet.Client({ emulation, tlsVerify: server.ports.ca_pem })
    seen[c.profile] = await (await client.get(url)).json()
  }
})
after(() => server.stop())

for (const c of CASES) {
  test(`${c.profile}: header names, order and values as ${c.capture}`, () => {
    sameHeaders(c, capture(c).headers, seen[c.profile].headers)
  })

  test(`${c.profile}: HTTP/2 fingerprint as ${c.capture}`, () => {
    const real = capture(c).http2
    const ours = seen[c.profile].http2
    assert.equal(ours.akamai, real.akamai)
    assert.deepEqual(ours.headers_priority, real.headers_priority)
  })

  test(`${c.profile}: TLS as ${c.capture}, but for the named gaps`, () => {
    const real = capture(c).tls
    const ours = seen[c.profile].tls
    const gaps = c.tls_gaps
    const missingExts = new Set(Object.keys(gaps.extensions ?? {}).map(Number))
    const missingSigs = new Set(Object.keys(gaps.sig_algs ?? {}).map(Number))
    for (const key of ['ciphers', 'groups', 'key_shares', 'alps', 'cert_compression', 'versions',
      'psk_modes', 'record_size_limit', 'delegated_credentials', 'alpn', 'sni']) {
      assert.deepEqual(ours[key], real[key], key)
    }
    assert.deepEqual([...ours.extensions].sort(), real.extensions.filter((e) => !missingExts.has(e)).sort())
    const realSigs = real.sig_algs.slice(gaps.sig_algs_grease ? 1 : 0)
    assert.deepEqual(ours.sig_algs, realSigs.filter((s) => !missingSigs.has(s)))
    assert.equal(ours.ja4.split('_')[1], real.ja4.split('_')[1])
    if (Object.keys(gaps).length === 0) {
      assert.equal(ours.ja4, real.ja4)
      assert.equal(ours.ja3n_hash, real.ja3n_hash)
    }
  })
}

const { published: PUBLISHED } = JSON.parse(readFileSync(path.join(ROOT, 'tests/cases/browsers.json'), 'utf8'))
for (const c of PUBLISHED) {
  test(`${c.profile}: the published navigation header set`, async () => {
    const client = new rnet.Client({ emulation: c.profile, tlsVerify: server.ports.ca_pem })
    const { headers } = await (await client.get(server.url('/fingerprint', 'https', 'localhost'))).json()
    assert.deepEqual(headers.map(([n]) => n), c.headers)
    assert.equal(Object.fromEntries(headers)['accept-encoding'], c['accept-encoding'])
  })
}

// A page's fetch() also sent a `referer` naming the page, which only a caller knows.
const fetchCapture = (c) => {
  const real = JSON.parse(readFileSync(path.join(ROOT, 'tests/captures', c.capture), 'utf8')).fetch
  return { ...real, headers: real.headers.filter(([n]) => n !== 'referer') }
}

// Names and order equal; values equal but for those browsers.json says depend on the machine.
function sameHeaders(c, real, ours) {
  assert.deepEqual(ours.map(([n]) => n), real.map(([n]) => n))
  real.forEach(([name, want], i) => {
    const rule = c.platform_values[name]
    const got = ours[i][1]
    if (!rule) assert.equal(got, want, name)
    else if (rule.ua_replace) assert.equal(got, want.replace(...rule.ua_replace), name)
    else if (rule.brands_prefix) assert.ok(got.startsWith(`${want}, `), `${got} / ${want}`)
    else assert.ok(rule.locale, name)
  })
}

for (const c of CASES) {
  test(`${c.profile}: mode 'Fetch' per client sends the browser's fetch() headers and priority`, async () => {
    const emulation = new rnet.Emulation(c.profile, { platform: c.platform, mode: 'Fetch' })
    const client = new rnet.Client({ emulation, tlsVerify: server.ports.ca_pem })
    const got = await (await client.get(server.url('/fingerprint', 'https', 'localhost'))).json()
    const real = fetchCapture(c)
    sameHeaders(c, real.headers, got.headers)
    assert.deepEqual(got.http2.headers_priority, real.http2.headers_priority)
  })

  test(`${c.profile}: mode 'Fetch' per request keeps the client's own headers`, async () => {
    const emulation = new rnet.Emulation(c.profile, { platform: c.platform })
    const client = new rnet.Client({ emulation, tlsVerify: server.ports.ca_pem, headers: { 'x-own': '1' } })
    const got = await (await client.get(server.url('/fingerprint', 'https', 'localhost'), { mode: rnet.RequestMode.Fetch })).json()
    assert.deepEqual(got.headers.at(-1), ['x-own', '1'])
    sameHeaders(c, fetchCapture(c).headers, got.headers.slice(0, -1))
  })
}

test('a mode needs a profile that has it', async () => {
  assert.throws(() => new rnet.Emulation('Safari26_4', { mode: 'Fetch' }), { code: 'ERR_RNET_BUILDER', message: /Fetch is not known for Safari26_4/ })
  await assert.rejects(new rnet.Client().get(server.url('/get'), { mode: 'Fetch' }), { code: 'ERR_RNET_BUILDER', message: /needs a browser profile/ })
  assert.equal(new rnet.Emulation('Chrome156').mode, 'Navigate')
})
