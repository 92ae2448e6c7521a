// Saving and loading cookie jars: Netscape cookies.txt and Playwright storage state, round trips
// that keep scopes, expiry and flags, corrupt files that change nothing, and a real headless
// Chromium's cookies moved into rnet and back (scripts/chromium_cookies.py drives it).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture, ROOT, LIVE_BROWSER } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

const SET_COOKIES = [
  'host=1; Path=/; HttpOnly',
  'dom=2; Domain=example.com; Path=/; Max-Age=3600; SameSite=Strict',
  'sec=3; Secure; Path=/; SameSite=None; Max-Age=7200',
  'lax=4; Path=/scoped; SameSite=Lax',
  'gone=5; Path=/; Max-Age=0',
]
const FIELDS = ['name', 'value', 'domain', 'path', 'secure', 'httpOnly', 'sameSite']

let server, dir, fromChromium
const urls = () => [
  `https://www.example.com:${server.ports.https}/cookies`,
  `https://api.example.com:${server.ports.https}/scoped/cookies`,
  `https://www.example.com:${server.ports.https}/scoped/cookies`,
  `http://www.example.com:${server.ports.http}/cookies`,
]

function chromium (spec) {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(spec))
  const out = execFileSync('python3', [path.join(ROOT, 'scripts/chromium_cookies.py'), file], { timeout: 120_000 })
  const got = JSON.parse(out)
  got.sent = Object.fromEntries(Object.entries(got.pages).map(([u, text]) => [u, JSON.parse(text).cookies]))
  return got
}

async function sentByRnet (jar) {
  const dnsOptions = new rnet.DnsOptions()
  for (const host of ['www.example.com', 'api.example.com']) dnsOptions.addResolve(host, ['127.0.0.1'])
  const client = new rnet.Client({ cookieProvider: jar, dnsOptions, tlsVerify: false })
  const out = {}
  for (const u of urls()) out[u] = (await (await client.get(u)).json()).cookies
  return out
}

const scope = (c) => ({ ...Object.fromEntries(FIELDS.map((k) => [k, c[k] ?? null])), expires: c.expires >= 0 ? Math.trunc(c.expires) : -1 })
const byName = (a, b) => a.name.localeCompare(b.name)

before(async () => {
  server = await startFixture()
  dir = mkdtempSync(path.join(tmpdir(), 'rnet-cookies-'))
  const query = SET_COOKIES.map((c) => `c=${encodeURIComponent(c)}`).join('&')
  if (!LIVE_BROWSER.skip) fromChromium = chromium({ set: [`https://www.example.com:${server.ports.https}/set-cookie?${query}`], visit: urls() })
})
after(() => { server.stop(); rmSync(dir, { recursive: true, force: true }) })

test("Chromium's cookies load, and rnet sends what Chromium sends", LIVE_BROWSER, async () => {
  assert.deepEqual(fromChromium.cookies.map((c) => c.name).sort(), ['dom', 'host', 'lax', 'sec'])
  const playwright = { cookies: fromChromium.cookies.map((c) => Object.fromEntries([...FIELDS, 'expires'].filter((k) => k in c).map((k) => [k, c[k]]))), origins: [] }
  for (const text of [JSON.stringify(fromChromium.cookies), JSON.stringify(playwright)]) {
    const jar = new rnet.Jar()
    jar.loads(text)
    assert.equal(jar.len(), 4)
    assert.deepEqual(await sentByRnet(jar), fromChromium.sent)
  }
})

test("rnet's cookies load into Chromium unchanged", LIVE_BROWSER, () => {
  const jar = new rnet.Jar()
  jar.loads(JSON.stringify(fromChromium.cookies))
  const state = JSON.parse(jar.dumps('StorageState'))
  const back = chromium({ cookies: state.cookies, visit: urls() })
  assert.deepEqual(back.cookies.map(scope).sort(byName), fromChromium.cookies.map(scope).sort(byName))
  assert.deepEqual(back.sent, fromChromium.sent)
})

for (const [name, format] of [['cookies.txt', undefined], ['state.json', undefined], ['plain', 'StorageState']]) {
  test(`a jar saved as ${name} loads back the same`, LIVE_BROWSER, async () => {
    const jar = new rnet.Jar()
    jar.loads(JSON.stringify(fromChromium.cookies))
    const file = path.join(dir, name)
    jar.save(file, format)
    const again = new rnet.Jar()
    again.load(file)
    const text = readFileSync(file, 'utf8')
    if (name === 'cookies.txt') {
      assert.ok(text.includes('#HttpOnly_www.example.com\tFALSE\t/\tFALSE\t0\thost\t1'), text)
      assert.ok(text.includes('\n.example.com\tTRUE\t/\tFALSE\t'), text)
    } else {
      assert.deepEqual(JSON.parse(text).origins, [])
    }
    assert.deepEqual(await sentByRnet(again), fromChromium.sent)
    const sameSite = name !== 'cookies.txt'
    const kept = Object.fromEntries(again.getAll().map((c) => [c.name, [c.domain, c.path, c.secure, c.httpOnly, c.sameSite, c.expires === null]]))
    assert.deepEqual(kept, {
      lax: [null, '/scoped', false, false, sameSite ? 'Lax' : null, true],
      host: [null, '/', false, true, null, true],
      dom: ['example.com', '/', false, false, sameSite ? 'Strict' : null, false],
      sec: [null, '/', true, false, sameSite ? 'Empty' : null, false],
    })
  })
}

test('expired cookies are dropped on load', () => {
  const jar = new rnet.Jar()
  jar.loads('h\tFALSE\t/\tFALSE\t1000\told\t1\nh\tFALSE\t/\tFALSE\t0\tnew\t2\n')
  assert.deepEqual(jar.getAll().map((c) => c.name), ['new'])
  jar.loads('[{"name": "x", "value": "1", "domain": "h", "expires": 5}]')
  assert.equal(jar.len(), 1)
})

test('a corrupt file rejects with a clear error and changes nothing', () => {
  const jar = new rnet.Jar()
  jar.add('keep=1; Path=/', 'http://h/')
  const before = jar.dumps()
  const cases = [
    ['h\tFALSE\t/\tFALSE\t0\tfirst\tok\nh\tFALSE\t/\tFALSE\t0\tname\n', /line 2: expected 7 tab-separated fields, found 6/],
    ['h\tFALSE\t/\tFALSE\tsoon\ta\tb\n', /expires must be a Unix time/],
    ['{"cookies": [{"name": "a", "value": "b", "domain": "h", "sameSite": "Sometimes"}]}', /unknown sameSite/],
    ['{not json', /not valid JSON/],
  ]
  for (const [text, message] of cases) {
    const file = path.join(dir, 'bad')
    writeFileSync(file, text)
    assert.throws(() => jar.load(file), (e) => e.code === 'ERR_RNET_BUILDER' && message.test(e.message), String(message))
  }
  assert.throws(() => jar.load(path.join(dir, 'missing.txt')), { code: 'ERR_RNET_BUILDER', message: /cannot load cookies from/ })
  assert.throws(() => jar.save(path.join(dir, 'no-such-dir', 'c.txt')), { code: 'ERR_RNET_BUILDER', message: /cannot save cookies to/ })
  assert.throws(() => jar.dumps('Netscape-ish'), TypeError)
  assert.equal(jar.dumps(), before)
})

test('add refuses what a browser refuses', () => {
  const jar = new rnet.Jar()
  assert.throws(() => jar.add('a=1; Domain=other.com', 'http://example.com/'), { code: 'ERR_RNET_BUILDER', message: /may not set/ })
  assert.throws(() => jar.add('s=1; Secure', 'http://example.com/'), { code: 'ERR_RNET_BUILDER' })
  jar.add('s=1; Secure', 'https://example.com/')
  assert.equal(jar.get('s', 'https://example.com/x').value, '1')
  assert.equal(jar.get('s', 'http://example.com/x'), null)
})
