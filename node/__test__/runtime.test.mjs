// Runtime: a client given `runtime` runs its requests, bodies and WebSockets on that
// runtime's threads, which live as long as anything still uses them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { startFixture, gc, pattern } from './fixture.mjs'

const rnet = createRequire(import.meta.url)('../index.js')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const grew = (before, now) => Object.keys(before).map((tid) => now[tid] - before[tid])
const sum = (xs) => xs.reduce((a, b) => a + b, 0)

// {tid: context switches} of this process's threads called `name`: a parked thread has none.
function threads (name) {
  const out = {}
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      if (fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() !== name) continue
      out[tid] = sum(fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8').split('\n')
        .filter((l) => /^(non)?voluntary_ctxt_switches/.test(l)).map((l) => Number(l.split(/\s+/)[1])))
    } catch { /* the thread ended */ }
  }
  return out
}

test('a client runs on the threads of its runtime', async () => {
  const used = new rnet.Runtime({ workers: 2, threadName: 'rt-used' })
  const idle = new rnet.Runtime({ workers: 2, threadName: 'rt-idle' })
  assert.deepEqual([used.workers, used.workSteal, used.threadName], [2, true, 'rt-used'])
  assert.equal(Object.keys(threads('rt-used')).length, 2)
  const client = new rnet.Client({ runtime: used })
  assert.equal(client.runtime.threadName, 'rt-used')
  assert.equal(new rnet.Client().runtime, null)
  const before = [threads('rt-used'), threads('rt-idle')]
  for (let i = 0; i < 40; i++) {
    const resp = await client.get(server.url('/bytes/5000'))
    assert.deepEqual(await resp.bytes(), pattern(5000))
  }
  const usedSwitches = sum(grew(before[0], threads('rt-used')))
  const idleSwitches = sum(grew(before[1], threads('rt-idle')))
  assert.ok(usedSwitches >= 20 && idleSwitches <= 2, `context switches: used ${usedSwitches}, idle ${idleSwitches}`)
  assert.ok(idle.workers === 2)
})

test('without work stealing each client keeps one worker', async () => {
  const rt = new rnet.Runtime({ workers: 3, workSteal: false, threadName: 'rt-nosteal' })
  assert.equal(rt.workSteal, false)
  const clients = [0, 1, 2].map(() => new rnet.Client({ runtime: rt }))
  const before = threads('rt-nosteal')
  assert.equal(Object.keys(before).length, 3)
  for (const client of clients) {
    for (let i = 0; i < 20; i++) assert.equal((await client.get(server.url('/get'))).status, 200)
  }
  // A busy machine can answer before a worker parks, so not every request shows as a switch.
  const g = grew(before, threads('rt-nosteal'))
  assert.ok(g.every((n) => n >= 5), `context switches per worker: ${g}`)
})

test('a body is still read after its client and runtime are gone', async () => {
  let client = new rnet.Client({ runtime: new rnet.Runtime({ workers: 1, threadName: 'rt-kept' }) })
  // Larger than what is read ahead with the head, so the body is read afterwards.
  const whole = await client.get(server.url('/bytes/600000'))
  const streamed = await client.get(server.url('/stream-bytes/600000'))
  client = null
  for (let i = 0; i < 5; i++) { gc(); await sleep(10) }
  assert.equal(Object.keys(threads('rt-kept')).length, 1)
  assert.deepEqual(await whole.bytes(), pattern(600000))
  const chunks = []
  for await (const c of streamed.stream()) chunks.push(c)
  assert.deepEqual(Buffer.concat(chunks), pattern(600000))
})

test('the last user gone stops the threads', async () => {
  let client = new rnet.Client({ runtime: new rnet.Runtime({ workers: 2, threadName: 'rt-gone' }) })
  assert.equal((await client.get(server.url('/get'))).status, 200)
  assert.equal(Object.keys(threads('rt-gone')).length, 2)
  client = null
  for (let i = 0; i < 100 && Object.keys(threads('rt-gone')).length; i++) { gc(); await sleep(20) }
  assert.deepEqual(threads('rt-gone'), {})
})

test('WebSockets use it too', async () => {
  const rt = new rnet.Runtime({ workers: 1, workSteal: false, threadName: 'rt-more' })
  const ws = await new rnet.Client({ runtime: rt }).websocket(server.url('/ws').replace('http', 'ws'))
  await ws.send(rnet.Message.fromText('héllo'))
  assert.equal((await ws.recv()).text, 'héllo')
  await ws.close()
})

test('threadKeepAlive ends idle blocking threads', async () => {
  // A host name is looked up with getaddrinfo on the runtime's blocking threads, which carry
  // its thread name.
  const rt = new rnet.Runtime({ workers: 1, threadName: 'rt-pool', maxBlockingThreads: 1, threadKeepAlive: 300 })
  const url = server.url('/get').replace('127.0.0.1', 'localhost')
  const responses = await Promise.all(Array.from({ length: 8 }, () => new rnet.Client({ runtime: rt }).get(url)))
  assert.deepEqual(responses.map((r) => r.status), Array(8).fill(200))
  assert.equal(Object.keys(threads('rt-pool')).length, 2) // the worker and one blocking thread
  // Idle past `threadKeepAlive` (Tokio's default is 10 s), the blocking thread ends.
  const deadline = Date.now() + 5000
  while (Object.keys(threads('rt-pool')).length > 1 && Date.now() < deadline) await sleep(100)
  assert.equal(Object.keys(threads('rt-pool')).length, 1)
})

test('bad options are refused and say why', () => {
  for (const [opts, re] of [
    [{ workers: 0 }, /workers must be from 1 to 1024, not 0/],
    [{ workers: 2000 }, /not 2000/],
    [{ maxBlockingThreads: 0 }, /Runtime maxBlockingThreads must be 1 or more/],
    [{ threadName: 'a\0b' }, /NUL/]
  ]) {
    assert.throws(() => new rnet.Runtime(opts), (e) => e.code === 'ERR_RNET_BUILDER' && re.test(e.message))
  }
  assert.throws(() => new rnet.Runtime({ workers: '2' }), (e) => e instanceof TypeError && /workers/.test(e.message))
  assert.throws(() => new rnet.Runtime({ worker: 2 }), (e) => e.code === 'ERR_RNET_UNKNOWN_OPTION')
  assert.throws(() => new rnet.Client({ runtime: 2 }), (e) => e instanceof TypeError && /runtime/.test(e.message))
})
