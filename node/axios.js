'use strict'
// `rnet/axios`: an axios adapter that sends through rnet. `axios.create({ adapter:
// createAdapter({ emulation: 'Chrome149' }) })` keeps axios' API (interceptors, transforms,
// validateStatus, cancellation) and puts a browser's fingerprint on the wire. Needs axios.
// See docs/integrations.md.

let axios
try {
  axios = require('axios')
} catch (err) {
  throw new Error("rnet/axios needs axios: npm install axios", { cause: err })
}
const { Readable } = require('node:stream')
const { STATUS_CODES } = require('node:http')
const rnet = require('./index.js')
const { HOP, groupHeaders } = require('./adapt.js')

const { AxiosError, AxiosHeaders, CanceledError } = axios

// axios' own default, sent only if a request changed it: the profile's Accept goes instead.
const DEFAULT_ACCEPT = 'application/json, text/plain, */*'

function outgoingHeaders(headers) {
  const out = []
  for (const [name, value] of Object.entries(AxiosHeaders.from(headers).toJSON())) {
    const lower = name.toLowerCase()
    if (HOP.has(lower) || value == null || value === false) continue
    if (lower === 'accept' && value === DEFAULT_ACCEPT) continue
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, String(v)])
  }
  return out
}

function proxyUrl(proxy) {
  if (!proxy) return undefined
  const auth = proxy.auth ? `${encodeURIComponent(proxy.auth.username)}:${encodeURIComponent(proxy.auth.password)}@` : ''
  const protocol = (proxy.protocol || 'http').replace(/:$/, '')
  return `${protocol}://${auth}${proxy.host}:${proxy.port}`
}

function toAxiosError(err, config, request) {
  if (err?.name === 'AbortError') return new CanceledError(null, config, request)
  if (err?.name === 'TimeoutError') {
    const clarify = config.transitional?.clarifyTimeoutError
    const message = config.timeoutErrorMessage || `timeout of ${config.timeout}ms exceeded`
    return new AxiosError(message, clarify ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED, config, request)
  }
  const code = err?.name === 'ConnectionError' && /refused/i.test(err.message) ? 'ECONNREFUSED' : AxiosError.ERR_NETWORK
  const out = AxiosError.from(err, code, config, request)
  out.cause = err
  return out
}

/** An axios adapter on an `rnet.Client`: give one, or its options. */
function createAdapter(clientOrOptions = {}) {
  const client = clientOrOptions instanceof rnet.Client ? clientOrOptions : new rnet.Client(clientOrOptions)
  return async function rnetAdapter(config) {
    const url = axios.getUri(config)
    const method = (config.method || 'get').toUpperCase()
    const request = { url, method }
    const opts = {
      headers: outgoingHeaders(config.headers),
      redirect: config.maxRedirects === 0 ? rnet.Policy.none() : rnet.Policy.limited(config.maxRedirects ?? 5),
    }
    if (config.data != null) opts.body = config.data
    if (config.timeout) opts.timeout = config.timeout
    if (config.proxy) opts.proxy = proxyUrl(config.proxy)
    const abort = new AbortController()
    if (config.signal) {
      if (config.signal.aborted) throw new CanceledError(null, config, request)
      config.signal.addEventListener('abort', () => abort.abort(), { once: true })
    }
    config.cancelToken?.promise.then(() => abort.abort())
    opts.signal = abort.signal
    let resp
    let data
    try {
      resp = await client.request(method, url, opts)
      if (config.responseType === 'stream') data = Readable.from(resp.stream())
      else if (config.responseType === 'arraybuffer') data = await resp.bytes()
      else data = await resp.text()
    } catch (err) {
      throw toAxiosError(err, config, request)
    }
    const response = {
      data,
      status: resp.status,
      statusText: STATUS_CODES[resp.status] ?? '',
      headers: AxiosHeaders.from(groupHeaders(resp.headers)),
      config,
      request: { ...request, res: { responseUrl: resp.url } },
    }
    const valid = config.validateStatus
    if (!valid || valid(response.status)) return response
    const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST
    throw new AxiosError(`Request failed with status code ${response.status}`, code, config, request, response)
  }
}

module.exports = { createAdapter }
