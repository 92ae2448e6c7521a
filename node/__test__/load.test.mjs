// Load and soak at test size (benches/soak/run.sh runs the same script at full size):
// concurrent requests on one client, sequential requests, many clients, short processes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

test('load and soak', { skip: process.env.RNET_QUICK && 'a soak: the full test command runs it' }, () => {
  const sizes = ['--concurrent', '1000', '--sequential', '3000', '--clients', '200', '--processes', '25']
  const out = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'benches/soak/soak.mjs'), server.url('/get'), ...sizes], { encoding: 'utf8', timeout: 300_000 })
  assert.equal(out.status, 0, out.stderr)
  const r = JSON.parse(out.stdout)
  const c = r.concurrent
  assert.deepEqual([c.ok, c.errors], [1000, []], JSON.stringify(c))
  assert.ok(c.fds_peak > c.fds_before, JSON.stringify(c)) // the requests really ran in parallel
  assert.ok(c.fds_after <= c.fds_before, JSON.stringify(c)) // and no socket leaked
  const s = r.sequential
  // Growth is the leak; RSS falling (memory handed back after the concurrent phase) is not.
  assert.ok(s.drift_mb < 10 && s.rss_max_mb - s.rss_warm_mb < 10, JSON.stringify(s))
  const k = r.clients
  assert.ok(k.fds_after <= k.fds_before && k.rss_growth_mb < 10, JSON.stringify(k))
  const p = r.processes
  assert.deepEqual([p.crashes, p.failures], [0, 0], JSON.stringify(p))
})
