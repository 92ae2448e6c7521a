// rnet.fetch beside Node's own fetch (undici, the reference implementation Node ships): each
// case runs through both against the fixture and reduces what a caller can observe (status,
// headers, body, url, redirected, the error's class and name) to one value. The two must be
// equal, except for the differences listed in KNOWN, each with its reason (docs/guide-node.md
// repeats the list). A new difference fails, and so does a listed one that went away.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

/** What the caller can see of a settled fetch: the response's shape, or the rejection's. */
async function observe(promise, read = (r) => r.text()) {
  try {
    const r = await promise
    return { status: r.status, statusText: r.statusText, ok: r.ok, redirected: r.redirected, url: r.url, body: await read(r) }
  } catch (e) {
    return { rejects: e.constructor.name, name: e.name, message: e.cause ? e.message : undefined }
  }
}

/** The echo's view of the request: method, the content type sent and the body it received. */
const echoed = async (r) => {
  const e = await r.json()
  const ct = e.headers.find(([k]) => k === 'content-type')?.[1] ?? null
  return { method: e.method, contentType: ct?.replace(/boundary=.*/, 'boundary=…') ?? null, data: e.data.replace(/-{2,}\S+/g, '--…'), args: e.args }
}
const headerList = (r) => [...r.headers].filter(([k]) => !['date', 'content-length'].includes(k))

// name -> (fetch, url) => observation
const CASES = {
  'GET: status, statusText, ok, url': (f, u) => observe(f(u('/get')), (r) => r.json().then((j) => j.args)),
  'GET: query string with non-ASCII, percent-encoded': (f, u) => observe(f(u('/get?q=café&x=a b')), (r) => r.json().then((j) => j.args)),
  'GET: the fragment is not sent and leaves url': (f, u) => observe(f(u('/get#frag')), () => null),
  'response headers, as a Headers': (f, u) => observe(f(u('/status/404')), headerList),
  'Set-Cookie stays separate': (f, u) => observe(f(u('/cookies/set?a=1&b=2')), (r) => r.headers.getSetCookie()),
  'status 404 is not ok and resolves': (f, u) => observe(f(u('/status/404')), () => null),
  'status 500 resolves': (f, u) => observe(f(u('/status/500')), () => null),
  'status 204 has a null body': (f, u) => observe(f(u('/status/204')), (r) => r.body),
  'HEAD has a null body': (f, u) => observe(f(u('/get'), { method: 'HEAD' }), (r) => r.body),
  'POST a string: text/plain;charset=UTF-8': (f, u) => observe(f(u('/post'), { method: 'POST', body: 'héllo' }), echoed),
  'POST a Uint8Array: no content type': (f, u) => observe(f(u('/post'), { method: 'POST', body: new Uint8Array([104, 105]) }), echoed),
  'POST an ArrayBuffer': (f, u) => observe(f(u('/post'), { method: 'POST', body: new Uint8Array([104, 105]).buffer }), echoed),
  'POST URLSearchParams: a form': (f, u) => observe(f(u('/post'), { method: 'POST', body: new URLSearchParams({ a: '1', b: 'x y' }) }), echoed),
  'POST a Blob with its type': (f, u) => observe(f(u('/post'), { method: 'POST', body: new Blob(['blob'], { type: 'text/x-demo' }) }), echoed),
  'POST FormData: multipart': (f, u) => {
    const form = new FormData()
    form.append('a', '1')
    return observe(f(u('/post'), { method: 'POST', body: form }), (r) => echoed(r).then((e) => ({ ...e, data: undefined })))
  },
  'POST a ReadableStream with duplex half': (f, u) => {
    const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('streamed')); c.close() } })
    return observe(f(u('/post'), { method: 'POST', body, duplex: 'half' }), echoed)
  },
  'a content-type given wins over the body\'s': (f, u) => observe(f(u('/post'), { method: 'POST', body: 'x', headers: { 'Content-Type': 'application/x-mine' } }), echoed),
  'PUT, PATCH and DELETE': async (f, u) => Promise.all(['PUT', 'PATCH', 'DELETE'].map((m) => observe(f(u('/anything'), { method: m, body: m === 'DELETE' ? undefined : 'b' }), echoed))),
  'standard methods are upper-cased': (f, u) => observe(f(u('/anything'), { method: 'post', body: 'b' }), echoed),
  'a lower-case non-standard method is sent as given': (f, u) => observe(f(u('/anything'), { method: 'patch', body: 'b' }), echoed),
  'a Request object: method, headers and body': (f, u) => observe(f(new Request(u('/post'), { method: 'POST', body: 'from a Request', headers: { 'x-a': '1' } })), echoed),
  'a URL object': (f, u) => observe(f(new URL(u('/get'))), () => null),
  'redirect follow: url and redirected': (f, u) => observe(f(u('/redirect/2')), () => null),
  'redirect manual: the 3xx and its Location': (f, u) => observe(f(u('/redirect/1'), { redirect: 'manual' }), (r) => r.headers.get('location')),
  'redirect error rejects': (f, u) => observe(f(u('/redirect/1'), { redirect: 'error' })),
  '303 turns POST into GET without the body': (f, u) => observe(f(u('/redirect-to?url=/anything&status=303'), { method: 'POST', body: 'b' }), echoed),
  '307 keeps the method and the body': (f, u) => observe(f(u('/redirect-to?url=/anything&status=307'), { method: 'POST', body: 'b' }), echoed),
  'clone(): both copies read the body': (f, u) => observe(f(u('/get')), async (r) => {
    const c = r.clone()
    return [(await r.json()).url === (await c.json()).url, r.bodyUsed, c.bodyUsed]
  }),
  'reading a body twice rejects with TypeError': (f, u) => observe(f(u('/get')), async (r) => {
    await r.text()
    return r.text().then(() => 'read again', (e) => e.constructor.name)
  }),
  'a GET with a body is a TypeError': (f, u) => observe(f(u('/get'), { body: 'x' })),
  'an invalid URL is a TypeError': (f) => observe(f('http://exa mple/')),
  'a relative URL is a TypeError': (f) => observe(f('/relative')),
  'credentials in the URL are a TypeError': (f, u) => observe(f(u('/get').replace('http://', 'http://user:pw@'))),
  'an invalid header value is a TypeError': (f, u) => observe(f(u('/get'), { headers: { 'x-a': 'a\nb' } })),
  'an invalid header name is a TypeError': (f, u) => observe(f(u('/get'), { headers: { 'x a': '1' } })),
  'an unknown redirect mode is a TypeError': (f, u) => observe(f(u('/get'), { redirect: 'sideways' })),
  'a refused connection: TypeError fetch failed': (f) => observe(f(`http://127.0.0.1:${server.ports.closed}/`)),
  'an unsupported scheme: TypeError fetch failed': (f) => observe(f('ftp://127.0.0.1/')),
  'a data: URL': (f) => observe(f('data:text/plain,hi')),
  'an already aborted signal rejects with its reason': (f, u) => observe(f(u('/get'), { signal: AbortSignal.abort() })),
  'AbortSignal.timeout rejects with TimeoutError': (f, u) => observe(f(u('/delay/5'), { signal: AbortSignal.timeout(50) })),
  'gzip is decoded': (f, u) => observe(f(u('/encoding/utf-8')), (r) => r.headers.get('content-type')),
}

// Deliberate or transport-bound differences: case -> why. Keep docs/guide-node.md in step.
const KNOWN = {
  'a lower-case non-standard method is sent as given':
    'rnet takes the method through its Method enum, so `patch` is sent as `PATCH`; fetch only upper-cases the six standard methods',
  'a data: URL':
    'rnet.fetch speaks HTTP(S) only; a data: URL is refused as an unsupported scheme (TypeError fetch failed)',
}

const target = (path) => server.url(path)

for (const [name, run] of Object.entries(CASES)) {
  test(`fetch conformance: ${name}`, async () => {
    const [node, ours] = [await run(globalThis.fetch, target), await run(rnet.fetch, target)]
    if (name in KNOWN) {
      assert.notDeepEqual(ours, node, `listed as a difference, but rnet.fetch now matches Node's fetch: remove it from KNOWN (${KNOWN[name]})`)
    } else {
      assert.deepEqual(ours, node)
    }
  })
}
