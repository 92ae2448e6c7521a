// The Promise bridge (rnet/src/host/node_bridge.rs): results settle in batches through one
// threadsafe function per environment, which keeps the process alive only while a Promise is
// pending, and which must survive worker threads that end with requests in flight.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'

const rnet = path.join(ROOT, 'node/index.js')
let server
before(async () => { server = await startFixture() })
after(() => server.stop())

function runScript(source, timeout = 30_000) {
  return spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', timeout })
}

test('every concurrent request gets its own response, however results are batched', async () => {
  const { Client } = await import(rnet)
  const c = new Client()
  const ids = Array.from({ length: 500 }, (_, i) => i)
  const got = await Promise.all(ids.map(async (i) => {
    const r = await c.get(server.url(`/anything?i=${i}`))
    return Number((await r.json()).args.i)
  }))
  assert.deepEqual(got, ids)
})

test('a pending request keeps the process alive, and the process exits once it settles', () => {
  const t0 = Date.now()
  const out = runScript(`
    const { Client } = require(${JSON.stringify(rnet)})
    new Client().get(${JSON.stringify(server.url('/delay/0.5'))}).then(r => console.log('status', r.status))
  `)
  assert.equal(out.status, 0, out.stderr)
  assert.equal(out.stdout.trim(), 'status 200')
  assert.ok(Date.now() - t0 >= 500, 'the process waited for the response')
})

test('an idle client does not hold the process open', () => {
  const out = runScript(`
    const { Client } = require(${JSON.stringify(rnet)})
    const c = new Client()
    c.get(${JSON.stringify(server.url('/get'))}).then(r => console.log('done', r.status))
  `, 10_000)
  assert.equal(out.status, 0, out.stderr)
  assert.equal(out.stdout.trim(), 'done 200')
})

test('worker threads have their own bridge, and terminating one mid-request is safe', () => {
  const out = runScript(`
    const { Worker } = require('node:worker_threads')
    const body = \`
      const { parentPort } = require('node:worker_threads')
      const { Client } = require(${JSON.stringify(rnet)})
      const c = new Client()
      ;(async () => {
        let n = 0
        for (let i = 0; i < 50; i++) n += (await (await c.get(${JSON.stringify(server.url('/bytes/100'))})).bytes()).length
        parentPort.postMessage(n)
        await c.get(${JSON.stringify(server.url('/delay/5'))})
      })()\`
    const workers = [0, 1, 2].map(() => new Worker(body, { eval: true }))
    Promise.all(workers.map(w => new Promise(res => w.once('message', res)))).then(async (sums) => {
      console.log(sums.join(','))
      // Each worker now waits on /delay/5: ending them must neither crash nor hang.
      await Promise.all(workers.map(w => w.terminate()))
      console.log('terminated')
    })
  `)
  assert.equal(out.status, 0, out.stderr)
  assert.deepEqual(out.stdout.trim().split('\n'), ['5000,5000,5000', 'terminated'])
})
