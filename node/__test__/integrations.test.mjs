// The Node integrations with the real packages from npm, against the fixture: the axios
// adapter (rnet/axios), Crawlee's HttpCrawler on rnet/crawlee's client, and ky through
// rnet.fetch. Each asserts the fingerprint or headers the server saw, not only a status.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { startFixture } from './fixture.mjs'

const require = createRequire(import.meta.url)
const rnet = require('../index.js')
const { createAdapter } = require('../axios.js')
const { RnetHttpClient } = require('../crawlee.js')
const axios = require('axios')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const profileUA = async () =>
  Object.fromEntries((await (await new rnet.Client({ emulation: 'Chrome149' }).get(server.url('/headers'))).json()).headers)['user-agent']

test('axios: the server sees rnet\'s fingerprint and the profile\'s headers', async () => {
  const url = server.url('/fingerprint', 'https')
  const direct = await (await new rnet.Client({ emulation: 'Chrome149', tlsVerify: false }).get(url)).json()
  const api = axios.create({ adapter: createAdapter({ emulation: 'Chrome149', tlsVerify: false }) })
  const resp = await api.get(url, { headers: { 'x-mine': '1' } })
  assert.equal(resp.status, 200)
  assert.equal(resp.data.tls.ja4, direct.tls.ja4)
  assert.equal(resp.data.http2.akamai, direct.http2.akamai)
  const headers = Object.fromEntries(resp.data.headers)
  assert.equal(headers['user-agent'], Object.fromEntries(direct.headers)['user-agent'])
  assert.equal(headers['x-mine'], '1')
  assert.notEqual(headers.accept, 'application/json, text/plain, */*')
})

test('axios: bodies, redirects, validateStatus, streams and errors', async () => {
  const api = axios.create({ adapter: createAdapter(), baseURL: server.url('') })
  const posted = await api.post('/post', { k: [1, 2] })
  assert.deepEqual(posted.data.json, { k: [1, 2] })
  assert.equal(posted.headers['content-type'], 'application/json')
  const redirected = await api.get('/redirect/2')
  assert.equal(redirected.request.res.responseUrl, server.url('/get'))
  assert.equal((await api.get('/redirect/1', { maxRedirects: 0, validateStatus: () => true })).status, 302)
  await assert.rejects(api.get('/status/404'), (err) => err instanceof axios.AxiosError && err.response.status === 404 && err.code === 'ERR_BAD_REQUEST')
  const stream = await api.get('/stream-bytes/100000', { responseType: 'stream' })
  let total = 0
  for await (const chunk of stream.data) total += chunk.length
  assert.equal(total, 100000)
  const bytes = await api.get('/bytes/10', { responseType: 'arraybuffer' })
  assert.equal(bytes.data.length, 10)
  await assert.rejects(api.get('/delay/3', { timeout: 200 }), (err) => err.code === 'ECONNABORTED' && /timeout of 200ms/.test(err.message))
  const ctl = new AbortController()
  const pending = api.get('/delay/3', { signal: ctl.signal })
  setTimeout(() => ctl.abort(), 50)
  await assert.rejects(pending, (err) => axios.isCancel(err))
})

test('Crawlee HttpCrawler crawls the fixture site through rnet', async () => {
  const { HttpCrawler, Configuration } = require('@crawlee/http')
  const dir = mkdtempSync(join(tmpdir(), 'rnet-crawlee-'))
  const prev = process.env.CRAWLEE_STORAGE_DIR
  process.env.CRAWLEE_STORAGE_DIR = dir
  try {
    const pages = new Map()
    const ua = await profileUA()
    const config = new Configuration({ persistStorage: false, storageClientOptions: { localDataDirectory: dir } })
    const crawler = new HttpCrawler({
      httpClient: new RnetHttpClient({ emulation: 'Chrome149' }),
      useSessionPool: true,
      sessionPoolOptions: { maxPoolSize: 1 },
      persistCookiesPerSession: true,
      maxRequestRetries: 2,
      additionalMimeTypes: ['application/json'],
      async requestHandler({ request, body, parseWithCheerio, enqueueLinks }) {
        if (request.label === 'headers') {
          pages.set('headers', JSON.parse(body.toString()))
          return
        }
        const $ = await parseWithCheerio()
        pages.set($('title').text(), { url: request.loadedUrl, cookie: $('#cookie').text() })
        const urls = $('a').map((_, a) => new URL($(a).attr('href'), request.loadedUrl).href).get()
        await enqueueLinks({ urls })
      },
    }, config)
    await crawler.run([server.url('/site/index'), { url: server.url('/headers'), label: 'headers' }])
    // Crawlee hands a 404 to the handler too (only 5xx and blocking statuses are errors).
    assert.deepEqual([...pages.keys()].filter((k) => k !== 'headers').sort(), ['a', 'b', 'c', 'index', 'missing'])
    assert.equal(pages.get('c').cookie, 'true')
    assert.ok(pages.get('c').url.endsWith('/site/c'))
    assert.equal(Object.fromEntries(pages.get('headers').headers)['user-agent'], ua)
    const stats = crawler.stats.state
    assert.equal(stats.requestsFinished, 6)
    assert.equal(stats.requestsFailed, 0)
  } finally {
    if (prev === undefined) delete process.env.CRAWLEE_STORAGE_DIR
    else process.env.CRAWLEE_STORAGE_DIR = prev
    rmSync(dir, { recursive: true, force: true })
  }
})

test('Crawlee client: sendRequest, redirects hop by hop, and cookies in its jar', async () => {
  const { CookieJar } = require('tough-cookie')
  const client = new RnetHttpClient()
  const jar = new CookieJar()
  const resp = await client.sendRequest({ url: server.url('/site/index'), cookieJar: jar })
  assert.equal(resp.statusCode, 200)
  assert.match(await jar.getCookieString(server.url('/site/c')), /visited=1/)
  const hops = []
  const streamed = await client.stream({ url: server.url('/redirect/2') }, (r, updated) => hops.push([r.statusCode, String(updated.url)]))
  assert.deepEqual(hops.map((h) => h[0]), [302, 302])
  assert.equal(streamed.url, server.url('/get'))
  assert.equal(streamed.redirectUrls.length, 2)
  let text = ''
  for await (const chunk of streamed.stream) text += chunk
  assert.equal(JSON.parse(text).url, server.url('/get'))
  const json = await client.sendRequest({ url: server.url('/post'), method: 'POST', body: 'x=1', responseType: 'json', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  assert.deepEqual(json.body.form, { x: '1' })
})

test('ky sends through rnet.fetch', async () => {
  const { default: ky } = await import('ky')
  const fetch = (input, init) => rnet.fetch(input, { ...init, emulation: 'Chrome149' })
  const api = ky.create({ fetch, prefixUrl: server.url(''), retry: { limit: 2, statusCodes: [503], backoffLimit: 10 } })
  const seen = await api.get('headers').json()
  assert.equal(Object.fromEntries(seen.headers)['user-agent'], await profileUA())
  const flaky = await api.get(`flaky/${randomUUID().slice(0, 12)}/2/503`)
  assert.equal(flaky.status, 200)
  assert.equal(flaky.headers.get('x-try'), '3')
  assert.deepEqual((await api.post('post', { json: { a: 1 } }).json()).json, { a: 1 })
})
