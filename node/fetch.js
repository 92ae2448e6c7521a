'use strict'
// `fetch(input, init)`: the WHATWG fetch shape over rnet. It returns the global `Response`
// (a `ReadableStream` body, real `Headers`), so code written against fetch runs unchanged,
// while `init` also takes rnet's request options (emulation, proxy, timeout, …), rnet's
// client options (tlsVerify, http2Options, …) or `client`.

const { STATUS_CODES } = require('node:http')

// fetch fields that have no meaning outside a browser; Node's own fetch ignores them too.
const BROWSER_ONLY = new Set([
  'mode', 'credentials', 'cache', 'integrity', 'keepalive', 'referrer', 'referrerPolicy',
  'window', 'duplex', 'priority', 'dispatcher',
])
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304])
// Clients kept for distinct sets of client options in `init`, least recently used dropped
// first: calls with the same options share connections, TLS sessions and cookies.
const POOLED_CLIENTS = 16

module.exports = function makeFetch(rnet) {
  const requestOptionNames = new Set(rnet.requestOptionNames())
  let defaultClient
  const pooled = new Map() // key of the options -> Client, oldest first
  const objectIds = new WeakMap()
  let nextObjectId = 0

  /** The options' identity: primitives by value, objects (TlsOptions, Proxy, …) by identity. */
  function optionsKey(opts) {
    const part = (v) => {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return JSON.stringify([typeof v, String(v)])
      if (Array.isArray(v)) return `[${v.map(part).join(',')}]`
      if (Object.getPrototypeOf(v) === Object.prototype) {
        return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${part(v[k])}`).join(',')}}`
      }
      if (!objectIds.has(v)) objectIds.set(v, ++nextObjectId)
      return `#${objectIds.get(v)}`
    }
    return part(opts)
  }

  function pooledClient(clientOpts) {
    const key = optionsKey(clientOpts)
    let client = pooled.get(key)
    if (client) {
      pooled.delete(key) // re-inserted as the newest
    } else {
      client = new rnet.Client({ redirect: follow(), ...clientOpts })
      if (pooled.size >= POOLED_CLIENTS) pooled.delete(pooled.keys().next().value)
    }
    pooled.set(key, client)
    return client
  }
  // fetch follows redirects by default (up to 20), unlike rnet's Client.
  const follow = () => rnet.Policy.limited(20)

  // Per request, so a given `client` follows too unless asked otherwise (its own default is
  // to follow none).
  function redirectPolicy(mode) {
    if (mode === undefined || mode === 'follow') return follow()
    if (mode === 'manual' || mode === 'error') return rnet.Policy.none()
    if (mode instanceof rnet.Policy) return mode
    throw new TypeError(`fetch: redirect must be 'follow', 'manual', 'error' or a Policy, got ${String(mode)}`)
  }

  async function headerMap(init) {
    if (init == null) return undefined
    if (init instanceof rnet.HeaderMap) return init
    new Headers(init) // the platform's checks and TypeErrors for names and values
    if (typeof init[Symbol.iterator] === 'function' || typeof init.entries === 'function') {
      const map = new rnet.HeaderMap()
      const pairs = typeof init.entries === 'function' && !Array.isArray(init) ? init.entries() : init
      for (const [k, v] of pairs) map.append(String(k), String(v))
      return map
    }
    return init // a record: the native side validates names and values
  }

  /** The body and the content type it implies, as rnet takes them. */
  async function body(value) {
    if (value == null) return [undefined, undefined]
    if (typeof value === 'string') return [value, 'text/plain;charset=UTF-8']
    if (value instanceof Uint8Array) return [value, undefined]
    if (value instanceof ArrayBuffer) return [new Uint8Array(value), undefined]
    if (ArrayBuffer.isView(value)) return [new Uint8Array(value.buffer, value.byteOffset, value.byteLength), undefined]
    if (typeof value.getReader === 'function' || typeof value[Symbol.asyncIterator] === 'function') {
      return [value, undefined]
    }
    // URLSearchParams, Blob, FormData: let the platform encode them, as fetch would.
    const encoded = new Response(value)
    return [new Uint8Array(await encoded.arrayBuffer()), encoded.headers.get('content-type') ?? undefined]
  }

  function webResponse(native, method, signal) {
    // Values as bytes, read as latin-1 (what Node's fetch does): a value that is not UTF-8
    // comes through intact instead of failing the whole response.
    const headers = new Headers()
    for (const [k, v] of native.headers.itemsBytes()) headers.append(k, v.toString('latin1'))
    let stream
    const nullBody = method === 'HEAD' || NULL_BODY_STATUS.has(native.status)
    const bodyStream = nullBody
      ? null
      : new ReadableStream(
          {
            async pull(controller) {
              stream ??= native.stream()
              let chunk
              try {
                chunk = await stream.next()
              } catch (err) {
                throw fetchError(err, signal)
              }
              if (chunk == null) controller.close()
              else controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
            },
            cancel() {
              return (stream ??= native.stream()).close()
            },
          },
          { highWaterMark: 0 },
        )
    const resp = new Response(bodyStream, {
      status: native.status,
      statusText: STATUS_CODES[native.status] ?? '',
      headers,
    })
    return withRnetFields(resp, native)
  }

  /** `url`, `redirected` and `.rnet` on a Response and on every `clone()` of it. */
  function withRnetFields(resp, native) {
    const clone = resp.clone.bind(resp)
    Object.defineProperties(resp, {
      url: { value: native.url },
      redirected: { value: native.history.length > 0 },
      /** The rnet `Response` behind it: version, history, trailers, remoteAddr, … */
      rnet: { value: native },
      clone: { value: () => withRnetFields(clone(), native) },
    })
    return resp
  }

  /**
   * fetch rejects with the signal's reason on an abort (a `DOMException` named `AbortError`, or
   * `TimeoutError` from `AbortSignal.timeout()`), and with TypeError('fetch failed', { cause })
   * for anything else rnet raised.
   */
  function fetchError(err, signal) {
    if (signal?.aborted) return signal.reason
    if (err && err.rnet) return new TypeError('fetch failed', { cause: err })
    return err
  }

  /** An absolute URL, refused as Node's fetch refuses it: unparsable, or with credentials. */
  function parseURL(input) {
    let url
    try {
      url = new URL(input instanceof URL ? input.href : String(input))
    } catch (err) {
      throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause: err })
    }
    if (url.username || url.password) {
      throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${url.href}`)
    }
    return url.href
  }

  return async function fetch(input, init = {}) {
    const request = typeof Request !== 'undefined' && input instanceof Request ? input : undefined
    const url = request ? request.url : parseURL(input)
    const { method, headers, body: bodyInit, signal, redirect, client, ...rest } = init
    const reqOpts = {}
    const clientOpts = {}
    for (const [key, value] of Object.entries(rest)) {
      if (BROWSER_ONLY.has(key)) continue
      if (requestOptionNames.has(key)) reqOpts[key] = value
      else clientOpts[key] = value
    }
    const verb = String(method ?? request?.method ?? 'GET').toUpperCase()
    if ((verb === 'GET' || verb === 'HEAD') && bodyInit != null) {
      throw new TypeError('Request with GET/HEAD method cannot have body.')
    }
    const hdrs = await headerMap(headers ?? request?.headers)
    if (hdrs !== undefined) reqOpts.headers = hdrs
    const [payload, contentType] = await body(bodyInit !== undefined ? bodyInit : request?.body)
    if (payload !== undefined) reqOpts.body = payload
    if (contentType) {
      reqOpts.headers ??= new rnet.HeaderMap()
      if (reqOpts.headers instanceof rnet.HeaderMap) {
        if (!reqOpts.headers.containsKey('content-type')) reqOpts.headers.insert('content-type', contentType)
      } else if (!Object.keys(reqOpts.headers).some((k) => k.toLowerCase() === 'content-type')) {
        reqOpts.headers = { ...reqOpts.headers, 'content-type': contentType }
      }
    }
    const sig = signal ?? request?.signal
    if (sig?.aborted) throw sig.reason
    if (sig) reqOpts.signal = sig
    const policy = redirectPolicy(redirect)
    if (policy) reqOpts.redirect = policy

    let use = client
    if (!use && Object.keys(clientOpts).length > 0) use = pooledClient(clientOpts)
    use ??= defaultClient ??= new rnet.Client({ redirect: follow() })
    let native
    try {
      native = await use.request(verb, url, reqOpts)
    } catch (err) {
      throw fetchError(err, sig)
    }
    const location = native.headers.get('location')
    if (redirect === 'error' && native.status >= 300 && native.status < 400 && location) {
      await native.close()
      throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${location} (redirect is 'error')`) })
    }
    return webResponse(native, verb, sig)
  }
}
