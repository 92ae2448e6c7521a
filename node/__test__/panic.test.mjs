// No Rust panic reaches Node as an abort: a panic in request processing rejects with
// ERR_RNET_PANIC, a panic in a sync call throws one, and the process carries on. The trigger is
// test-only (rnet/src/testing.rs): armed by RNET_TEST_PANIC=1.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

const SCRIPT = `
const rnet = require(${JSON.stringify(path.join(ROOT, 'node/index.js'))})
const url = process.argv[process.argv.length - 1]
;(async () => {
  const seen = []
  try { await rnet.get('http://panic.rnet.test/') } catch (e) { seen.push(['async', e.name, e.code]) }
  try { new rnet.Client({ userAgent: 'panic.rnet.test' }) } catch (e) { seen.push(['sync', e.name, e.code]) }
  seen.push(['after', (await rnet.get(url)).status])
  console.log(JSON.stringify(seen))
})()
`

function run(armed) {
  return spawnSync(process.execPath, ['-e', SCRIPT, server.url('/get')], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, RNET_TEST_PANIC: armed ? '1' : '0', RUST_BACKTRACE: '0' },
  })
}

test('a panic rejects with ERR_RNET_PANIC and the process carries on', () => {
  const out = run(true)
  assert.equal(out.status, 0, out.stderr)
  assert.deepEqual(JSON.parse(out.stdout), [['async', 'RustPanic', 'ERR_RNET_PANIC'], ['sync', 'RustPanic', 'ERR_RNET_PANIC'], ['after', 200]])
  assert.match(out.stderr, /test-only panic for panic\.rnet\.test/)
})

test('the trigger is inert unless armed', () => {
  const out = spawnSync(process.execPath, ['-e', `new (require(${JSON.stringify(path.join(ROOT, 'node/index.js'))}).Client)({ userAgent: 'panic.rnet.test' }); console.log('built')`], {
    encoding: 'utf8', env: { ...process.env, RNET_TEST_PANIC: '0' },
  })
  assert.equal(out.stdout.trim(), 'built', out.stderr)
})
