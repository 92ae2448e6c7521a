// Multipart bodies: the server parses the parts back out.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

test('text, bytes and file parts', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rnet-')), 'notes.txt')
  writeFileSync(file, 'file body')
  const form = new rnet.Multipart([
    new rnet.Part('field', 'value'),
    new rnet.Part('blob', Buffer.from([1, 2, 114, 97, 119]), { filename: 'blob.bin', mime: 'application/octet-stream' }),
    rnet.Part.file('upload', file, { mime: 'text/plain' }),
  ])
  const parts = (await (await rnet.post(server.url('/post'), { multipart: form })).json()).multipart
  assert.deepEqual(parts[0], { name: 'field', filename: null, content_type: null, data: 'value' })
  assert.equal(parts[1].filename, 'blob.bin')
  assert.equal(parts[1].data, '\x01\x02raw')
  assert.deepEqual(parts[2], { name: 'upload', filename: 'notes.txt', content_type: 'text/plain', data: 'file body' })
})

test('bad parts', () => {
  assert.throws(() => rnet.Part.file('f', '/nonexistent/x.txt'), (e) => e.code === 'ERR_RNET_BODY')
  assert.throws(() => new rnet.Part('f', 'x', { mime: 'not a mime' }), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => new rnet.Multipart(['not a part']), TypeError)
})

test('a form of byte parts is reusable, and a streamed part takes its length', async () => {
  const form = new rnet.Multipart([new rnet.Part('a', '1'), new rnet.Part('b', Buffer.from('two'))])
  const send = async (multipart) => (await (await rnet.post(server.url('/post'), { multipart })).json()).multipart
  const [first, second] = [await send(form), await send(form)]
  assert.deepEqual(first, second)
  assert.deepEqual(first.map((p) => p.data), ['1', 'two'])
  async function* chunks() { yield 'abc'; yield Buffer.from('def') }
  const streamed = await send(new rnet.Multipart([new rnet.Part('s', chunks(), { filename: 's.bin', length: 6 })]))
  assert.equal(streamed[0].data, 'abcdef')
  assert.throws(() => new rnet.Part('s', 'x', { length: -1 }), (e) => e.code === 'ERR_RNET_BUILDER')
})

test('an object or a list of pairs as the body is sent as a form', async () => {
  for (const body of [{ a: '1', b: 2, c: true }, [['a', '1'], ['b', 2], ['c', true]]]) {
    const echo = await (await rnet.post(server.url('/post'), { body })).json()
    assert.deepEqual(echo.form, { a: '1', b: '2', c: 'true' })
    assert.ok(echo.headers.some(([k, v]) => k === 'content-type' && v === 'application/x-www-form-urlencoded'))
  }
})
