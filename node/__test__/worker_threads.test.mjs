// RNET_WORKER_THREADS: how many threads run rnet's I/O, read when the addon loads; a value
// that is not a thread count throws from require() instead of being ignored.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const SCRIPT = `
const fs = require('node:fs')
let rnet
try { rnet = require(${JSON.stringify(path.join(ROOT, 'node/index.js'))}) } catch (e) {
  console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); process.exit(0)
}
;(async () => {
  const status = (await rnet.get(process.argv[process.argv.length - 1])).status
  const comms = fs.readdirSync('/proc/self/task').map((t) => fs.readFileSync(\`/proc/self/task/\${t}/comm\`, 'utf8').trim())
  console.log(JSON.stringify({ status, workers: comms.filter((c) => c === 'rnet-worker').length }))
})()
`

function run(value) {
  const env = { ...process.env }
  delete env.RNET_WORKER_THREADS
  if (value !== undefined) env.RNET_WORKER_THREADS = value
  const out = spawnSync(process.execPath, ['-e', SCRIPT, server.url('/get')], { encoding: 'utf8', timeout: 60_000, env })
  assert.equal(out.status, 0, out.stderr)
  return JSON.parse(out.stdout)
}

test('the setting sets the number of workers', () => {
  assert.deepEqual(run('1'), { status: 200, workers: 1 })
  assert.deepEqual(run('3'), { status: 200, workers: 3 })
})

test('unset means one worker per CPU', () => {
  assert.deepEqual(run(undefined), { status: 200, workers: os.availableParallelism() })
})

test('a bad value throws from require() and says why', () => {
  for (const bad of ['0', 'two', '-1', '99999']) {
    const e = run(bad)
    assert.equal(e.code, 'ERR_RNET_BUILDER')
    assert.equal(e.name, 'BuilderError')
    assert.match(e.message, /^RNET_WORKER_THREADS=.* whole number from 1 to 1024/)
  }
})
