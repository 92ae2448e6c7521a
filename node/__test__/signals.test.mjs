// Signals in Node: SIGINT or SIGTERM with requests in flight ends the process without a crash
// (no abort, no Rust panic), and a handler that closes the client lets the process exit on
// its own once the requests have failed with ClientClosedError.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'

const rnet = path.join(ROOT, 'node/index.js')
let server
before(async () => { server = await startFixture() })
after(() => server.stop())

// Starts `source`, waits for it to print "started", sends `signal`, and returns how it ended.
function interrupt(source, signal) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let sent = 0
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`hung: ${stderr}`)) }, 20_000)
    child.stderr.on('data', (d) => { stderr += d })
    child.stdout.on('data', (d) => {
      stdout += d
      if (!sent && stdout.includes('started')) {
        sent = Date.now()
        // Let the requests reach the server first.
        setTimeout(() => child.kill(signal), 300)
      }
    })
    child.on('exit', (code, sig) => {
      clearTimeout(timer)
      resolve({ code, signal: sig, stdout, stderr, ms: Date.now() - sent - 300 })
    })
  })
}

const inFlight = (extra = '') => `
  const { Client } = require(${JSON.stringify(rnet)})
  const client = new Client()
  ${extra}
  const all = Array.from({ length: 5 }, () => client.get(${JSON.stringify(server.url('/delay/30'))}))
  Promise.allSettled(all).then((r) => console.log('settled', JSON.stringify(r.map((x) => x.reason?.code))))
  console.log('started')
`

for (const sig of ['SIGINT', 'SIGTERM']) {
  test(`${sig} with requests in flight ends the process by the signal, without a crash`, async () => {
    const out = await interrupt(inFlight(), sig)
    assert.equal(out.signal, sig, out.stderr)
    assert.equal(out.stderr, '')
    assert.ok(out.ms < 2000, `${out.ms} ms`)
  })

  test(`a ${sig} handler that closes the client lets the process exit cleanly`, async () => {
    const before = (await server.stats()).delay_cancelled
    const out = await interrupt(inFlight(`process.on('${sig}', () => client.close())`), sig)
    assert.equal(out.code, 0, out.stderr)
    assert.equal(out.stderr, '')
    assert.match(out.stdout, /settled \["ERR_RNET_CLIENT_CLOSED"(,"ERR_RNET_CLIENT_CLOSED"){4}\]/)
    assert.ok(out.ms < 2000, `${out.ms} ms`)
    // The server saw every request go away.
    let after = before
    for (let i = 0; i < 50 && after < before + 5; i++) {
      await new Promise((r) => setTimeout(r, 50))
      after = (await server.stats()).delay_cancelled
    }
    assert.ok(after >= before + 5, `${after - before} cancelled`)
  })
}
