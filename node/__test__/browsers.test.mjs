// Fidelity against real browsers: a profile sends what the browser it names sent the same
// echo (fixture/captures/, captured headless by scripts/capture-browsers.sh). The cases and every
// allowed difference, with its reason, are in fixture/cases/browsers.json, shared with Python.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture, ROOT, LIVE_BROWSER } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const { cases: CASES } = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/browsers.json'), 'utf8'))
const capture = (c) => JSON.parse(readFileSync(path.join(ROOT, 'fixture/captures', c.capture), 'utf8')).navigate

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

const { published: PUBLISHED } = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/browsers.json'), 'utf8'))
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
  const real = JSON.parse(readFileSync(path.join(ROOT, 'fixture/captures', c.capture), 'utf8')).fetch
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

const { from_capture: FROM_CAPTURE } = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/browsers.json'), 'utf8'))
for (const c of FROM_CAPTURE) {
  test(`Emulation.fromCapture(${c.capture}) reproduces the browser, and names what it cannot`, async () => {
    const file = path.join(ROOT, 'fixture/captures', c.capture)
    const doc = JSON.parse(readFileSync(file, 'utf8'))
    for (const [mode, kind] of [[undefined, 'navigate'], ['Fetch', 'fetch']]) {
      const emulation = rnet.Emulation.fromCapture(file, mode)
      for (const gap of emulation.gaps) assert.ok(c.gaps.some((want) => gap.includes(want)), gap)
      for (const want of c.gaps) assert.ok(emulation.gaps.some((gap) => gap.includes(want)), want)
      const client = new rnet.Client({ emulation, tlsVerify: server.ports.ca_pem })
      const got = await (await client.get(server.url('/fingerprint', 'https', 'localhost'))).json()
      const real = doc[kind]
      assert.deepEqual(got.headers, real.headers.filter(([n]) => n !== 'referer'))
      assert.equal(got.http2.akamai, real.http2.akamai)
      assert.deepEqual(got.http2.headers_priority, real.http2.headers_priority)
      assert.deepEqual(got.tls.ciphers, real.tls.ciphers)
      assert.equal(got.tls.ja4.split('_')[1], real.tls.ja4.split('_')[1])
      if (c.gaps.length === 0) assert.equal(got.tls.ja4, real.tls.ja4)
    }
  })
}

test('Emulation.fromCapture: strict, unreadable and malformed captures are BuilderErrors', () => {
  const chromium = path.join(ROOT, 'fixture/captures/chromium-156.json')
  assert.throws(() => rnet.Emulation.fromCapture(chromium, undefined, true), { code: 'ERR_RNET_BUILDER', message: /cannot be reproduced exactly: .*0xca34/ })
  assert.throws(() => rnet.Emulation.fromCapture('/nonexistent/capture.json'), { code: 'ERR_RNET_BUILDER', message: /cannot read the capture/ })
  assert.throws(() => rnet.Emulation.fromCapture('{broken'), { code: 'ERR_RNET_BUILDER', message: /not JSON/ })
  assert.equal(rnet.Emulation.fromCapture(chromium).profile, null)
})

test('rnet-fingerprint capture, with a live Chromium, writes a capture fromCapture reproduces', LIVE_BROWSER, async () => {
  const { spawn } = await import('node:child_process')
  const { mkdtempSync } = await import('node:fs')
  const os = await import('node:os')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnet-capture-'))
  const out = path.join(dir, 'live.json')
  const cmd = spawn(process.execPath, [path.join(ROOT, 'node/bin/rnet-fingerprint.mjs'), 'capture', out, '--timeout', '60'])
  let stdout = ''
  const url = await new Promise((resolve) => cmd.stdout.on('data', (d) => {
    stdout += d
    const m = stdout.match(/Open (\S+) in the browser/)
    if (m) resolve(m[1])
  }))
  const { chromium_flags: flags } = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/browsers.json'), 'utf8'))
  const browser = spawn('chromium', [...flags, `--user-data-dir=${path.join(dir, 'profile')}`, url], { stdio: 'ignore' })
  const code = await new Promise((resolve) => cmd.on('exit', resolve))
  browser.kill('SIGKILL')
  assert.equal(code, 0, stdout)
  const doc = JSON.parse(readFileSync(out, 'utf8'))
  assert.equal(doc.browser, 'headlesschrome')
  const emulation = rnet.Emulation.fromCapture(out)
  const client = new rnet.Client({ emulation, tlsVerify: server.ports.ca_pem })
  const got = await (await client.get(server.url('/fingerprint', 'https', 'localhost'))).json()
  assert.deepEqual(got.headers, doc.navigate.headers)
  assert.equal(got.http2.akamai, doc.navigate.http2.akamai)
  assert.equal(got.tls.ja4.split('_')[1], doc.navigate.tls.ja4.split('_')[1])
})
