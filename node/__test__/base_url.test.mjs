// `baseURL`: relative request and WebSocket URLs resolve against it (as `new URL(url, base)`);
// a bad base fails at construction.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

test('relative URLs resolve against baseURL', async () => {
  const client = new rnet.Client({ baseURL: server.url('/anything/v1/') })
  const seen = await (await client.get('users?page=2')).json()
  assert.equal(seen.url, server.url('/anything/v1/users?page=2'))
  assert.deepEqual(seen.args, { page: '2' })
  // As new URL(url, base): a rooted path replaces the base's path, `..` climbs out of it.
  for (const path of ['/get', '../x']) {
    const want = new URL(path, server.url('/anything/v1/')).href
    assert.equal((await (await client.get(path)).json()).url, want)
  }
  const other = server.url('/anything/elsewhere')
  assert.equal((await (await client.post(other, { json: {} })).json()).url, other)
  const ws = await client.websocket('/ws')
  await ws.send(rnet.Message.fromText('hi'))
  assert.equal((await ws.recv()).text, 'hi')
  await ws.close()
})

test('a bad baseURL fails at construction; no base, no relative URL', async () => {
  for (const [base, culprit] of [['not a url', 'relative URL without a base'], ['ftp://127.0.0.1/', 'http or https']]) {
    assert.throws(() => new rnet.Client({ baseURL: base }), (e) => e.code === 'ERR_RNET_BUILDER' && e.message.includes('invalid baseURL') && e.message.includes(culprit))
  }
  await assert.rejects(new rnet.Client().get('users'), (e) => e.code === 'ERR_RNET_BUILDER' && /invalid URL/.test(e.message))
  // The Python spelling is not a Node option.
  assert.throws(() => new rnet.Client({ baseUrl: 'http://x/' }), (e) => e.code === 'ERR_RNET_UNKNOWN_OPTION')
})
