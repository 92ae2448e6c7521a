// Request streaming: AsyncIterable, web ReadableStream and Node Readable bodies and multipart
// parts, producer failures as BodyError with the original cause, no silent replay.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const parts = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i % 256))
const expected = (chunks) => {
  const data = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)))
  return { length: data.length, sha256: createHash('sha256').update(data).digest('hex') }
}
const upload = async (body, opts) => (await rnet.post(server.url('/upload'), { body, ...opts })).json()
const pick = ({ length, sha256 }) => ({ length, sha256 })
async function* generate(chunks) {
  for (const c of chunks) {
    await new Promise((r) => setImmediate(r))
    yield c
  }
}

test('AsyncIterable body', async () => {
  const chunks = [...parts, 'text chunk é']
  const seen = await upload(generate(chunks))
  assert.deepEqual(pick(seen), expected(chunks))
  assert.equal(seen.transfer_encoding, 'chunked')
})

test('web ReadableStream body', async () => {
  let i = 0
  const stream = new ReadableStream({
    pull(controller) {
      if (i < parts.length) controller.enqueue(new Uint8Array(parts[i++]))
      else controller.close()
    },
  })
  assert.deepEqual(pick(await upload(stream)), expected(parts))
})

test('Node Readable body, 10 MiB over HTTP/2', async () => {
  const big = Array.from({ length: 160 }, (_, i) => Buffer.alloc(65536, i % 256))
  const client = new rnet.Client({ tlsVerify: false })
  const resp = await client.post(server.url('/upload', 'https'), { body: Readable.from(big) })
  assert.equal(resp.version, 'HTTP_2')
  assert.deepEqual(pick(await resp.json()), expected(big))
})

test('a throwing producer fails the request with BodyError and the cause', async () => {
  const boom = new Error('producer broke')
  async function* failing() {
    yield Buffer.from('first')
    throw boom
  }
  await assert.rejects(upload(failing()), (e) => {
    assert.equal(e.code, 'ERR_RNET_BODY')
    assert.match(e.message, /producer broke/)
    assert.equal(e.cause, boom)
    assert.equal(e.causeToken, undefined)
    return true
  })
})

test('a bad chunk type fails the request with a TypeError cause', async () => {
  await assert.rejects(upload(generate([Buffer.from('ok'), 42])), (e) => e.code === 'ERR_RNET_BODY' && e.cause instanceof TypeError)
})

test('bad body types are TypeErrors', async () => {
  for (const body of [{ a: [1, 2] }, {}, 42, true]) {
    await assert.rejects(upload(body), (e) => e instanceof TypeError && /option 'body'/.test(e.message))
  }
})

test('a one-shot stream is not replayed on a redirect', async () => {
  const target = server.url('/redirect-to?url=/upload&status=307')
  const client = new rnet.Client({ redirect: rnet.Policy.limited(5) })
  await assert.rejects(client.post(target, { body: generate([Buffer.from('ab')]) }), (e) => e.code === 'ERR_RNET_REDIRECT' && /one-shot stream/.test(e.message))
  assert.equal((await (await client.post(target, { body: Buffer.from('ab') })).json()).length, 2)
  const resp = await client.post(target, { body: generate([Buffer.from('a')]), redirect: rnet.Policy.none() })
  assert.equal(resp.status, 307)
})

test('a streamed multipart part', async () => {
  const form = new rnet.Multipart([
    new rnet.Part('file', generate([Buffer.from('hello '), 'streamed part']), { filename: 's.txt', mime: 'text/plain' }),
    new rnet.Part('note', 'plain'),
  ])
  const seen = await (await rnet.post(server.url('/post'), { multipart: form })).json()
  const byName = Object.fromEntries(seen.multipart.map((p) => [p.name, p]))
  assert.equal(byName.file.data, 'hello streamed part')
  assert.equal(byName.file.filename, 's.txt')
  assert.equal(byName.note.data, 'plain')
})
