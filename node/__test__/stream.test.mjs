// Response streaming: chunks, backpressure (bounded memory), trailers, read-once rules.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { startFixture, gc, pattern } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())


const isBodyError = (re) => (e) => e.code === 'ERR_RNET_BODY' && re.test(e.message)

test('stream() yields the body in chunks', async () => {
  const resp = await rnet.get(server.url('/stream-bytes/3000000'))
  const chunks = []
  for await (const chunk of resp.stream()) chunks.push(chunk)
  assert.ok(chunks.length > 1)
  assert.ok(chunks.every(Buffer.isBuffer))
  assert.deepEqual(Buffer.concat(chunks), pattern(3000000))
})

test('streaming 200 MB keeps memory bounded', async () => {
  const client = new rnet.Client()
  for await (const _ of (await client.get(server.url('/stream-bytes/1048576'))).stream());
  gc()
  const base = process.memoryUsage().rss
  let peak = base
  let got = 0
  let checked = 0
  const total = 200 * 1024 * 1024
  for await (const chunk of (await client.get(server.url(`/stream-bytes/${total}`))).stream()) {
    got += chunk.length
    // By bytes, not chunks: a chunk is whatever had arrived (up to 256 KiB).
    if (got - checked >= 4 * 1024 * 1024) {
      checked = got
      gc()
      peak = Math.max(peak, process.memoryUsage().rss)
      await sleep(1) // a slow consumer
    }
  }
  assert.equal(got, total)
  assert.ok(peak - base < 32 * 1024 * 1024, `RSS grew by ${((peak - base) / 2 ** 20).toFixed(1)} MiB`)
})

test('a large body is a Buffer that outlives its response and reads the same again', async () => {
  // 1 KiB and more: lent from Rust rather than copied (see host/node/lend.rs).
  let resp = await rnet.get(server.url('/bytes/300000'))
  const first = await resp.bytes()
  assert.ok(Buffer.isBuffer(first))
  assert.deepEqual(await resp.bytes(), pattern(300000))
  assert.equal(await resp.text(), pattern(300000).toString())
  resp = null
  gc()
  await sleep(10)
  gc()
  assert.deepEqual(first, pattern(300000))
})

test('large bodies count towards V8\'s memory, so its GC weighs them', async () => {
  // Lent Buffers are Rust memory (host/node/lend.rs): V8 must still see them.
  const client = new rnet.Client()
  const get = async () => (await client.get(server.url('/bytes/1048576'))).bytes()
  await get()
  gc()
  const before = process.memoryUsage().external
  let held = await Promise.all(Array.from({ length: 32 }, get))
  const holding = process.memoryUsage().external
  assert.ok(held.every((b) => b.length === 1048576))
  assert.ok(holding - before >= 31 * 1048576, `external grew by ${holding - before} bytes`)
  held = null
  // Collected Buffers leave the count once V8's background sweeper has run.
  let after = holding
  for (let i = 0; i < 100 && holding - after < 31 * 1048576; i++) {
    gc()
    await sleep(20)
    after = process.memoryUsage().external
  }
  assert.ok(holding - after >= 31 * 1048576, `external fell by ${holding - after} bytes`)
})

test('garbage lent Buffers are collected before 64 MB of them pile up', async () => {
  // V8 starts a full GC for external memory each time it grows by about 64 MB; rnet counts
  // lent bytes twice (host/node/lend.rs), so about 32 MB of dropped Buffers start one.
  const client = new rnet.Client()
  const get = async () => (await client.get(server.url('/bytes/1048576'))).bytes()
  await get()
  gc()
  const base = process.memoryUsage().external
  let peak = 0
  for (let i = 0; i < 200; i++) {
    assert.equal((await get()).length, 1048576)
    peak = Math.max(peak, process.memoryUsage().external - base)
  }
  assert.ok(peak > 8 * 1048576, `only ${peak} bytes were ever held: nothing was measured`)
  assert.ok(peak < 48 * 1048576, `${(peak / 2 ** 20).toFixed(1)} MiB of Buffers were held`)
})

test('held responses do not keep their connection read buffers alive', async () => {
  // A response's header values and small body arrive as slices of the connection's read
  // buffer; rnet copies them out, or each response kept a whole buffer (8 KiB or more) alive
  // until V8 collected it. 3,000 held: 14 MB copied out, 34 MB pinned (measured).
  const client = new rnet.Client()
  const get = async () => {
    const resp = await client.get(server.url('/bytes/1000'))
    assert.equal((await resp.bytes()).length, 1000)
    return resp
  }
  for (let i = 0; i < 50; i++) await get()
  gc()
  const base = process.memoryUsage().rss
  const held = []
  for (let i = 0; i < 3000; i++) held.push(await get())
  gc()
  const grown = process.memoryUsage().rss - base
  assert.ok(grown < 24 * 1048576, `${(grown / 2 ** 20).toFixed(1)} MiB held by ${held.length} responses`)
})

test('trailers over HTTP/2, after the body', async () => {
  const client = new rnet.Client({ tlsVerify: false })
  const resp = await client.get(server.url('/trailers/1000?x-checksum=abc123&x-count=2', 'https'))
  assert.equal(resp.trailers, null)
  const chunks = []
  for await (const chunk of resp.stream()) chunks.push(chunk)
  assert.deepEqual(Buffer.concat(chunks), pattern(1000))
  assert.equal(resp.trailers.get('x-checksum'), 'abc123')
  assert.equal(resp.trailers.get('x-count'), '2')

  const whole = await client.get(server.url('/trailers/10?x-done=yes', 'https'))
  await whole.bytes()
  assert.equal(whole.trailers.get('x-done'), 'yes')
})

test('the body is read once, either way', async () => {
  const read = await rnet.get(server.url('/bytes/100'))
  await read.bytes()
  assert.throws(() => read.stream(), isBodyError(/already read/))
  assert.deepEqual(await read.bytes(), pattern(100))

  const streamed = await rnet.get(server.url('/bytes/100'))
  const stream = streamed.stream()
  await assert.rejects(streamed.text(), isBodyError(/stream/))
  assert.throws(() => streamed.stream(), isBodyError(/already being streamed/))
  const chunks = []
  for await (const chunk of stream) chunks.push(chunk)
  assert.deepEqual(Buffer.concat(chunks), pattern(100))
})

test('streamViews() yields Buffers over the connection\'s memory that outlive the stream', async () => {
  const client = new rnet.Client()
  const views = []
  for await (const view of (await client.get(server.url('/stream-bytes/3000000'))).streamViews()) views.push(view)
  // The connection is pooled and reads other bodies meanwhile; the views keep their bytes.
  for (let i = 0; i < 3; i++) await (await client.get(server.url('/stream-bytes/1000000'))).bytes()
  gc()
  await sleep(10)
  assert.ok(views.length > 1)
  assert.ok(views.every(Buffer.isBuffer))
  assert.deepEqual(Buffer.concat(views), pattern(3000000))
})

test('bytesView() is the whole body as a Buffer, cached like bytes()', async () => {
  const client = new rnet.Client()
  const resp = await client.get(server.url('/stream-bytes/3000000'))
  const view = await resp.bytesView()
  assert.ok(Buffer.isBuffer(view))
  assert.deepEqual(view, pattern(3000000))
  assert.deepEqual(await resp.bytesView(), pattern(3000000))
  assert.deepEqual(await resp.bytes(), pattern(3000000))
  // text() after a view: the joined body, decoded as WHATWG's TextDecoder decodes it.
  assert.equal(await resp.text(), new TextDecoder().decode(pattern(3000000)))
  const streamed = await client.get(server.url('/bytes/100'))
  streamed.stream()
  await assert.rejects(streamed.bytesView(), isBodyError(/stream/))
})

test('streamViews(): trailers, breaking out, and the read-once rule', async () => {
  const client = new rnet.Client({ tlsVerify: false })
  const resp = await client.get(server.url('/trailers/1000?x-checksum=abc123', 'https'))
  const views = []
  for await (const view of resp.streamViews()) views.push(view)
  assert.deepEqual(Buffer.concat(views), pattern(1000))
  assert.equal(resp.trailers.get('x-checksum'), 'abc123')
  assert.throws(() => resp.stream(), isBodyError(/already being streamed/))

  const read = await client.get(server.url('/bytes/100'))
  await read.bytes()
  assert.throws(() => read.streamViews(), isBodyError(/already read/))

  const long = client.get(server.url('/stream-bytes/10000000'))
  const stream = (await long).streamViews()
  for await (const view of stream) {
    assert.ok(view.length > 0)
    break
  }
  assert.equal(await stream.next(), null)
})

test('breaking out of the loop closes the stream', async () => {
  const resp = await rnet.get(server.url('/stream-bytes/10000000'))
  const stream = resp.stream()
  for await (const chunk of stream) {
    assert.ok(chunk.length > 0)
    break
  }
  assert.equal(await stream.next(), null)
})

test('await using closes the stream', async () => {
  const resp = await rnet.get(server.url('/stream-bytes/10000000'))
  const stream = resp.stream()
  {
    // `await using` needs newer syntax than Node 20 parses; this is what it compiles to.
    try {
      assert.ok((await stream.next()).length > 0)
    } finally {
      await stream[Symbol.asyncDispose]()
    }
  }
  assert.equal(await stream.next(), null)
})
