'use strict'
// `rnet/crawlee`: an HTTP client with the interface Crawlee's HTTP clients implement
// (`BaseHttpClient`: `sendRequest` and `stream`), so `new HttpCrawler({ httpClient: new
// RnetHttpClient({ emulation: 'Chrome149' }) })` crawls with a browser's fingerprint. Redirects
// are followed here, hop by hop, so Crawlee sees each one (`onRedirect`, `redirectUrls`) and
// its cookie jar gets each hop's cookies. See docs/integrations.md.

const { Readable } = require('node:stream')
const { STATUS_CODES } = require('node:http')
const rnet = require('./index.js')
const { HOP, groupHeaders } = require('./adapt.js')

/** Crawlee's header values: a string, or an array of them. */
function outgoingHeaders(headers = {}) {
  const out = []
  for (const [name, value] of Object.entries(headers)) {
    if (value == null || HOP.has(name.toLowerCase())) continue
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, String(v)])
  }
  return out
}

/** A sync generator body as an async iterable (rnet streams AsyncIterables and Readables). */
function body(value) {
  if (value == null || typeof value === 'string' || value instanceof Uint8Array) return value ?? undefined
  if (typeof value[Symbol.asyncIterator] === 'function') return value
  if (typeof value[Symbol.iterator] === 'function') return Readable.from(value)
  throw new TypeError('rnet/crawlee: a form-data body is not supported; send a string, Buffer or stream')
}

function timeouts(timeout = {}) {
  const out = {}
  if (timeout.request != null) out.timeout = timeout.request
  if (timeout.connect != null) out.connectTimeout = timeout.connect
  const read = timeout.response ?? timeout.socket
  if (read != null) out.readTimeout = read
  return out
}

async function cookieHeader(jar, url) {
  if (!jar) return undefined
  if (jar.getCookieString.length <= 1) return jar.getCookieString(url)
  return new Promise((resolve, reject) => jar.getCookieString(url, {}, (e, v) => (e ? reject(e) : resolve(v))))
}

async function storeCookies(jar, url, headers) {
  if (!jar) return
  for (const cookie of headers.getAll('set-cookie')) {
    if (jar.setCookie.length <= 2) await jar.setCookie(cookie, url)
    else await new Promise((resolve) => jar.setCookie(cookie, url, {}, () => resolve()))
  }
}

function responseData(resp, redirectUrls) {
  return {
    url: resp.url,
    statusCode: resp.status,
    statusMessage: STATUS_CODES[resp.status] ?? '',
    headers: groupHeaders(resp.headers),
    trailers: {},
    complete: true,
    redirectUrls,
    ip: resp.remoteAddr ? String(resp.remoteAddr.ip()) : undefined,
  }
}

class RnetHttpClient {
  /** Give an `rnet.Client`, or its options. */
  constructor(clientOrOptions = {}) {
    this.client = clientOrOptions instanceof rnet.Client ? clientOrOptions : new rnet.Client(clientOrOptions)
  }

  /** Sends `request`, following redirects as it asks; the last response, its body unread. */
  async #send(request, onRedirect) {
    let url = String(request.url)
    let method = (request.method || 'GET').toUpperCase()
    let headers = { ...request.headers }
    let payload = body(request.body)
    const follow = request.followRedirect ?? true
    const max = request.maxRedirects ?? 10
    const redirectUrls = []
    for (;;) {
      const cookie = await cookieHeader(request.cookieJar, url)
      const opts = {
        headers: outgoingHeaders(cookie ? { ...headers, cookie } : headers),
        redirect: rnet.Policy.none(),
        signal: request.signal,
        ...timeouts(request.timeout),
      }
      if (payload !== undefined) opts.body = payload
      if (request.proxyUrl) opts.proxy = request.proxyUrl
      const resp = await this.client.request(method, url, opts)
      await storeCookies(request.cookieJar, url, resp.headers)
      const location = resp.headers.get('location')
      const redirects = resp.status >= 300 && resp.status < 400 && location != null
      const wanted = typeof follow === 'function' ? follow(responseData(resp, redirectUrls)) : follow
      if (!redirects || !wanted) return { resp, redirectUrls }
      if (redirectUrls.length >= max) {
        await resp.close()
        throw new rnet.RedirectError(`${method} ${url}: more than ${max} redirects`)
      }
      await resp.close()
      const next = new URL(location, url)
      redirectUrls.push(next)
      if (resp.status === 303 || ((resp.status === 301 || resp.status === 302) && method === 'POST')) {
        method = 'GET'
        payload = undefined
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)))
      }
      const updated = { url: next, headers }
      onRedirect?.(responseData(resp, redirectUrls), updated)
      url = String(updated.url)
      headers = updated.headers
    }
  }

  async sendRequest(request) {
    const { resp, redirectUrls } = await this.#send(request)
    const bytes = await resp.bytes()
    let parsed
    switch (request.responseType ?? 'text') {
      case 'buffer':
        parsed = bytes
        break
      case 'json':
        parsed = bytes.length ? JSON.parse(bytes.toString(request.encoding ?? 'utf8')) : undefined
        break
      default:
        parsed = bytes.toString(request.encoding ?? 'utf8')
    }
    if (request.throwHttpErrors && resp.status >= 400) {
      throw new rnet.StatusError(`${request.method ?? 'GET'} ${resp.url}: HTTP ${resp.status}`)
    }
    return { ...responseData(resp, redirectUrls), request, body: parsed }
  }

  async stream(request, onRedirect) {
    const { resp, redirectUrls } = await this.#send(request, onRedirect)
    const total = resp.contentLength ?? undefined
    let transferred = 0
    async function* chunks() {
      for await (const chunk of resp.stream()) {
        transferred += chunk.length
        yield chunk
      }
    }
    return {
      ...responseData(resp, redirectUrls),
      request,
      stream: Readable.from(chunks(), { objectMode: false }),
      get downloadProgress() {
        return { percent: total ? transferred / total : 0, transferred, total }
      },
      uploadProgress: { percent: 1, transferred: 0 },
    }
  }
}

module.exports = { RnetHttpClient }
