// The bad-input catalogue: each mistake gets a typed error with a code that names the
// culprit, nothing reaches the server, and the client keeps working afterwards.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const BAD_REQUESTS = [
  // [name, url or null for the fixture's /post, options, error name, code, culprit in the message]
  ['empty URL', '', {}, 'BuilderError', 'ERR_RNET_BUILDER', 'invalid URL ""'],
  ['URL with a space in the host', 'http://exa mple.com/', {}, 'BuilderError', 'ERR_RNET_BUILDER', 'exa mple.com'],
  ['unsupported scheme', 'ftp://127.0.0.1/x', {}, 'BuilderError', 'ERR_RNET_BUILDER', 'unsupported URL scheme "ftp"'],
  ['URL of the wrong type', 5, {}, 'TypeError', 'ERR_INVALID_ARG_TYPE', '"url"'],
  ['header name with CRLF', null, { headers: { 'X-A\r\nInjected': '1' } }, 'BuilderError', 'ERR_RNET_BUILDER', 'invalid header name'],
  ['header value with CRLF', null, { headers: { 'X-A': 'v\r\nInjected: 1' } }, 'BuilderError', 'ERR_RNET_BUILDER', '"X-A"'],
  ['header value with a bare LF', null, { headers: { 'X-A': 'v\nInjected: 1' } }, 'BuilderError', 'ERR_RNET_BUILDER', '"X-A"'],
  ['header value that is a number', null, { headers: { 'X-A': 5 } }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'headers'"],
  ['header value that is null', null, { headers: { 'X-A': null } }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'headers'"],
  ['unknown option', null, { timout: 5 }, 'TypeError', 'ERR_RNET_UNKNOWN_OPTION', "'timout'"],
  ['option of the wrong type', null, { gzip: 'yes' }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'gzip'"],
  ['negative timeout', null, { timeout: -1 }, 'BuilderError', 'ERR_RNET_BUILDER', "'timeout'"],
  ['NaN timeout', null, { timeout: NaN }, 'BuilderError', 'ERR_RNET_BUILDER', "'timeout'"],
  ['infinite readTimeout', null, { readTimeout: Infinity }, 'BuilderError', 'ERR_RNET_BUILDER', "'readTimeout'"],
  ['body of an unsupported type', null, { body: { a: [1, 2] } }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'body'"],
  ['body that is a number', null, { body: 12345 }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'body'"],
  ['query of the wrong type', null, { query: 5 }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'query'"],
  ['two bodies', null, { json: {}, body: 'x' }, 'BuilderError', 'ERR_RNET_BUILDER', 'at most one'],
  ['signal that is not an AbortSignal', null, { signal: 5 }, 'TypeError', 'ERR_INVALID_ARG_TYPE', "'signal'"],
  // The core's own checks name options as JS spells them.
  ['two kinds of auth', null, { bearerAuth: 't', basicAuth: ['u', 'p'] }, 'BuilderError', 'ERR_RNET_BUILDER', '`bearerAuth` and `basicAuth`'],
  ['bearerAuth with a control character', null, { bearerAuth: 'a\nb' }, 'BuilderError', 'ERR_RNET_BUILDER', 'invalid `bearerAuth` token'],
  ['negative bodyLimit', null, { bodyLimit: -1 }, 'BuilderError', 'ERR_RNET_BUILDER', 'bodyLimit must be 0 or more'],
  ['localAddresses with IPv6 first', null, { localAddresses: ['::1', null] }, 'BuilderError', 'ERR_RNET_BUILDER', '`localAddresses`: not an IPv4 address'],
]

for (const [name, url, opts, errName, code, culprit] of BAD_REQUESTS) {
  test(name, async () => {
    const client = new rnet.Client()
    const { requests } = await server.stats()
    await assert.rejects(client.post(url === null ? server.url('/post') : url, opts), (err) => {
      assert.equal(err.name, errName, err.message)
      assert.equal(err.code, code, err.message)
      assert.ok(err.message.includes(culprit), err.message)
      return true
    })
    // Nothing was lost: the same client still works.
    assert.equal((await client.get(server.url('/get'))).status, 200)
    // Only the follow-up request (and the /stats calls) reached the server.
    assert.equal((await server.stats()).requests, requests + 2)
  })
}

test("the core's messages spell options the JS way, never Python's", async () => {
  const messages = []
  const grab = (f) => { try { f() } catch (e) { messages.push(e.message) } }
  grab(() => new rnet.Client({ bodyLimit: -1 }))
  grab(() => new rnet.Runtime({ maxBlockingThreads: 0 }))
  grab(() => new rnet.Http2Options({ initialStreamId: 4 }))
  grab(() => new rnet.TlsOptions({ recordSizeLimit: 70000 }))
  grab(() => new rnet.Client({ baseURL: 'not a base' }))
  const client = new rnet.Client()
  await client.get(server.url('/bytes/1000'), { bodyLimit: 10 }).then((r) => r.bytes()).catch((e) => messages.push(e.message))
  assert.equal(messages.length, 6, messages.join('\n'))
  for (const [i, name] of ['bodyLimit', 'maxBlockingThreads', 'initialStreamId', 'recordSizeLimit', 'baseURL', 'bodyLimit'].entries()) {
    assert.ok(messages[i].includes(name), messages[i])
  }
  for (const m of messages) assert.doesNotMatch(m, /\b[a-z]+_[a-z_]+\b/, m)
})

test('a bad argument rejects the Promise of any async method, naming the argument', async () => {
  // The shims the macro writes convert arguments themselves: index.js wraps no method.
  const client = new rnet.Client()
  const calls = [
    ['urls', () => client.headMany(5)],
    ['url', () => client.get(5)],
    ['url', () => rnet.websocket(null)],
    ['method', () => client.request('BREW', server.url('/get'))],
    ['encoding', async () => (await client.get(server.url('/get'))).text(5)],
  ]
  for (const [name, call] of calls) {
    let pending
    assert.doesNotThrow(() => { pending = call() })
    await assert.rejects(pending, (e) => {
      assert.ok(e instanceof TypeError, e.message)
      assert.equal(e.code, 'ERR_INVALID_ARG_TYPE')
      assert.ok(e.message.includes(`"${name}"`), e.message)
      return true
    })
  }
  assert.throws(() => new rnet.Cookie(5, 'v'), (e) => e instanceof TypeError && e.message.includes('"name"'))
})

const BAD_CONSTRUCTIONS = [
  ['negative client timeout', () => new rnet.Client({ timeout: -1 }), 'BuilderError', "'timeout'"],
  ['NaN poolIdleTimeout', () => new rnet.Client({ poolIdleTimeout: NaN }), 'BuilderError', "'poolIdleTimeout'"],
  ['unknown client option', () => new rnet.Client({ noSuchOption: 1 }), 'TypeError', "'noSuchOption'"],
  ['unknown emulation', () => new rnet.Client({ emulation: 'Chrome999' }), 'TypeError', "'emulation'"],
  ['invalid default header', () => new rnet.Client({ headers: { 'bad name': 'v' } }), 'BuilderError', '"bad name"'],
  ['invalid local address', () => new rnet.Client({ localAddress: 'not-an-ip' }), 'BuilderError', '`localAddress` is not an IP address'],
  ['user agent with a newline', () => new rnet.Client({ userAgent: 'a\nb' }), 'BuilderError', 'invalid userAgent'],
  ['cookie name with a space', () => new rnet.Cookie('a b', 'v'), 'BuilderError', 'invalid cookie name: "a b"'],
  ['cookie name with ;', () => new rnet.Cookie('a;b', 'v'), 'BuilderError', 'invalid cookie name'],
  ['cookie value with ;', () => new rnet.Cookie('a', 'v;x'), 'BuilderError', 'invalid cookie value: "v;x"'],
  ['cookie value with CRLF', () => new rnet.Cookie('a', 'v\r\nSet-Cookie: x=1'), 'BuilderError', 'invalid cookie value'],
  ['negative maxAge', () => new rnet.Cookie('a', 'v', { maxAge: -5 }), 'BuilderError', "'maxAge'"],
  ['unknown sameSite', () => new rnet.Cookie('a', 'v', { sameSite: 'bogus' }), 'TypeError', "'sameSite'"],
  ['Jar.add with a bad URL', () => new rnet.Jar().add('a=b', 'not a url'), 'BuilderError', '"not a url"'],
  ['Jar.add with an empty cookie', () => new rnet.Jar().add('', 'http://x/'), 'BuilderError', 'Set-Cookie'],
  ['proxy with a bad URL', () => rnet.Proxy.all('not a url'), 'BuilderError', '"not a url"'],
]

for (const [name, make, errName, culprit] of BAD_CONSTRUCTIONS) {
  test(name, () => {
    assert.throws(make, (err) => {
      assert.equal(err.name, errName, err.message)
      assert.ok(err.code, 'every error has a code')
      assert.ok(err.message.includes(culprit), err.message)
      return true
    })
  })
}

test('a throwing async generator body fails the request with its cause', async () => {
  async function* body() {
    yield 'first chunk'
    throw new RangeError('the producer broke')
  }
  await assert.rejects(rnet.post(server.url('/upload'), { body: body() }), (err) => {
    assert.equal(err.code, 'ERR_RNET_BODY')
    assert.ok(err.cause instanceof RangeError)
    assert.equal(err.cause.message, 'the producer broke')
    return true
  })
})
