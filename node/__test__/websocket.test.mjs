// WebSocket over HTTP/1.1 Upgrade and HTTP/2 extended CONNECT against the fixture's echo
// endpoint: text, binary, JSON, large messages, ping/pong, close codes, server-initiated
// close, errors after close, async iteration, await using, AbortSignal on connect.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const { Message } = rnet

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const wsUrl = (scheme = 'http') => server.url('/ws', scheme).replace('http', 'ws')
const modes = {
  http1: () => [new rnet.Client(), wsUrl(), {}],
  http2: () => [new rnet.Client({ tlsVerify: false }), wsUrl('https'), { version: 'HTTP_2' }],
}

for (const [mode, setup] of Object.entries(modes)) {
  const connect = (extra = {}) => {
    const [client, url, opts] = setup()
    return client.websocket(url, { ...opts, ...extra })
  }

  test(`${mode}: the shared request options reach the handshake`, async () => {
    // WebSocketConfig embeds CommonRequestConfig: its keys are the handshake's; a key only a
    // request has (a body) is not.
    const ws = await connect({ bearerAuth: 'tok', query: { q: '1' }, cookies: { c: 'v' } })
    await ws.send(Message.fromText('info'))
    const info = (await ws.recv()).json()
    const headers = Object.fromEntries(info.headers)
    assert.equal(headers.authorization, 'Bearer tok')
    assert.equal(headers.cookie, 'c=v')
    assert.equal(info.query, 'q=1')
    await ws.close()
    await assert.rejects(connect({ json: { a: 1 } }), (e) => e.code === 'ERR_RNET_UNKNOWN_OPTION' && /'json'/.test(e.message))
    await assert.rejects(connect({ bearer_auth: 'tok' }), (e) => e.code === 'ERR_RNET_UNKNOWN_OPTION')
  })

  test(`${mode}: handshake and echo`, async () => {
    const ws = await connect({ protocols: ['chat', 'superchat'], headers: { 'x-hello': '1' } })
    assert.equal(ws.version, mode === 'http2' ? 'HTTP_2' : 'HTTP_11')
    assert.equal(ws.status, mode === 'http2' ? 200 : 101)
    assert.equal(ws.protocol, 'chat')

    await ws.send(Message.fromText('info'))
    const info = (await ws.recv()).json()
    assert.ok(info.headers.some(([k, v]) => k === 'x-hello' && v === '1'))
    assert.deepEqual(info.protocols, ['chat', 'superchat'])

    await ws.send(Message.fromText('héllo'))
    let got = await ws.recv()
    assert.equal(got.kind, 'text')
    assert.equal(got.text, 'héllo')
    assert.deepEqual(got.data, Buffer.from('héllo'))

    await ws.send(Message.fromBinary(Buffer.from([0, 1, 255])))
    got = await ws.recv()
    assert.equal(got.kind, 'binary')
    assert.deepEqual(got.binary, Buffer.from([0, 1, 255]))
    assert.equal(got.text, null)

    await ws.send(Message.fromText(JSON.stringify({ k: [1, 2] })))
    assert.deepEqual((await ws.recv()).json(), { k: [1, 2] })

    const big = Buffer.alloc(1 << 20, 7)
    await ws.send(Message.fromBinary(big))
    assert.deepEqual((await ws.recv()).binary, big)

    await ws.send(Message.fromPing(Buffer.from('beat')))
    const pong = await ws.recv()
    assert.equal(pong.kind, 'pong')
    assert.deepEqual(pong.pong, Buffer.from('beat'))

    await ws.sendAll(['0', '1', '2'].map((t) => Message.fromText(t)))
    assert.deepEqual([(await ws.recv()).text, (await ws.recv()).text, (await ws.recv()).text], ['0', '1', '2'])
    await ws.close()
  })

  test(`${mode}: client close, then send fails`, async () => {
    const ws = await connect()
    await ws.close(4001, 'bye')
    await assert.rejects(ws.send(Message.fromText('late')), (e) => e.code === 'ERR_RNET_WEBSOCKET' && /closed/.test(e.message))
    for await (const m of ws) assert.equal(m.kind, 'close')
    assert.equal(await ws.recv(), null)
  })

  test(`${mode}: server-initiated close`, async () => {
    const ws = await connect()
    await ws.send(Message.fromText('close:4002:server says bye'))
    const msg = await ws.recv()
    assert.equal(msg.kind, 'close')
    assert.deepEqual(msg.close, [4002, 'server says bye'])
    assert.equal(await ws.recv(), null)
    await assert.rejects(ws.send(Message.fromText('late')), (e) => e.code === 'ERR_RNET_WEBSOCKET')
  })

  test(`${mode}: async iteration, asyncDispose, recv timeout`, async () => {
    const ws = await connect()
    await assert.rejects(ws.recv(200), (e) => e.code === 'ERR_RNET_TIMEOUT')
    await ws.sendAll(['a', 'b', 'close:1000:done'].map((t) => Message.fromText(t)))
    const texts = []
    for await (const m of ws) if (m.kind === 'text') texts.push(m.text)
    assert.deepEqual(texts, ['a', 'b'])
    await ws[Symbol.asyncDispose]()
  })
}

test('module websocket(), errors and AbortSignal', async () => {
  const ws = await rnet.websocket(wsUrl())
  await ws.send(Message.fromText('x'))
  assert.equal((await ws.recv()).text, 'x')
  await ws.close()
  await assert.rejects(rnet.websocket(server.url('/get').replace('http', 'ws')), (e) => e.code === 'ERR_RNET_UPGRADE')
  await assert.rejects(rnet.websocket('ftp://127.0.0.1/ws'), (e) => e.code === 'ERR_RNET_BUILDER' && /scheme/.test(e.message))
  await assert.rejects(rnet.websocket(wsUrl(), { unknownOpt: 1 }), (e) => e instanceof TypeError && /unknownOpt/.test(e.message))
  const ctl = new AbortController()
  ctl.abort()
  await assert.rejects(rnet.websocket(wsUrl(), { signal: ctl.signal }), (e) => e.name === 'AbortError')
})

test('Message constructors', () => {
  assert.deepEqual(Message.fromClose(1000, 'ok').close, [1000, 'ok'])
  assert.deepEqual(Message.fromPong(Buffer.from('p')).pong, Buffer.from('p'))
  assert.match(String(Message.fromText('t')), /text/)
  assert.throws(() => Message.fromPing(Buffer.alloc(126)), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => Message.fromClose(999), (e) => e.code === 'ERR_RNET_BUILDER')
  assert.throws(() => Message.fromPing(Buffer.from('x')).json(), (e) => e.code === 'ERR_RNET_DECODING')
})
