// Http1Options and Http2Options: the HTTP/2 fingerprint the server sees changes exactly as
// configured.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const seen = async (opts) => (await (await new rnet.Client({ tlsVerify: false, ...opts }).get(server.url('/fingerprint', 'https'))).json()).http2

test('HTTP/2 settings values and order', async () => {
  const http2Options = new rnet.Http2Options({
    initialWindowSize: 1_048_576,
    headerTableSize: 4096,
    maxConcurrentStreams: 77,
    initialConnectionWindowSize: 5_000_000,
    settingsOrder: ['MaxConcurrentStreams', 'InitialWindowSize', 'HeaderTableSize'],
    headersPseudoOrder: ['Method', 'Path', 'Authority', 'Scheme'],
  })
  const h2 = await seen({ http2Options })
  assert.deepEqual(h2.settings.filter(([id]) => [1, 3, 4].includes(id)), [[3, 77], [4, 1_048_576], [1, 4096]])
  assert.equal(h2.pseudo_order, 'm,p,a,s')
  assert.equal(h2.window_update, 5_000_000 - 65_535)
})

test('HTTP/2 options override the profile', async () => {
  const base = (await seen({ emulation: 'Chrome149' })).akamai
  const changed = (await seen({ emulation: 'Chrome149', http2Options: new rnet.Http2Options({ initialWindowSize: 123_456 }) })).akamai
  assert.notEqual(base, changed)
  assert.ok(changed.includes('4:123456'))
})

test('HTTP/1 options: max headers', async () => {
  const status = async (http1Options) => (await new rnet.Client({ http1Options }).get(server.url('/cookies/set?a=1&b=2&c=3&d=4&e=5&f=6'))).status
  assert.equal(await status(new rnet.Http1Options({ maxHeaders: 100 })), 200)
  await assert.rejects(status(new rnet.Http1Options({ maxHeaders: 3 })), (e) => e.code.startsWith('ERR_RNET_'))
  assert.throws(() => new rnet.Http2Options({ initialWindowSize: 'big' }), TypeError)
  assert.throws(() => new rnet.Http1Options({ maxHeaderz: 3 }), TypeError)
})

test('HTTP/2 PRIORITY frames and the HEADERS priority', async () => {
  const dep = (parent, weight, exclusive = false) => new rnet.StreamDependency(new rnet.StreamId(parent), weight, exclusive)
  const tree = [[3, 0, 200], [5, 0, 100], [7, 0, 0], [9, 7, 0], [11, 3, 0], [13, 0, 240]]
  const priorities = new rnet.Priorities(tree.map(([s, d, w]) => new rnet.Priority(new rnet.StreamId(s), dep(d, w))))
  const h2 = await seen({ http2Options: new rnet.Http2Options({ priorities, headersStreamDependency: dep(13, 41) }) })
  assert.deepEqual(h2.priorities, tree.map(([s, d, w]) => [s, false, d, w + 1]))
  assert.deepEqual(h2.headers_priority, { depends_on: 13, exclusive: false, weight: 42 })
  const builder = (re) => (e) => e.code === 'ERR_RNET_BUILDER' && re.test(e.message)
  assert.throws(() => new rnet.StreamId(2 ** 31), builder(/2\^31/))
  assert.throws(() => dep(0, 256), builder(/over 255/))
  assert.throws(() => new rnet.Priority(new rnet.StreamId(0), dep(0, 1)), builder(/stream 0/))
  assert.throws(() => new rnet.Http2Options({ initialStreamId: 4 }), builder(/initialStreamId 4 must be odd/))
  assert.throws(() => new rnet.Http2Options({ priorities, initialStreamId: 9 }), builder(/at least 15/))
})
