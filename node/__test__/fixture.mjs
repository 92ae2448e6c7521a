// Starts the loopback fixture server (tests/ crate) and reads its ports.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'

// tsc's incremental state for a --noEmit check, kept in target/ between runs: files whose
// bytes did not change (the standard library's declarations, most of the time) are not checked
// again; their errors, and every changed file's, are still reported.
export const tscCache = (name) => ['--incremental', '--tsBuildInfoFile', path.join(ROOT, 'target', 'tsc-cache', `${name}.tsbuildinfo`)]

// The fixture's `/bytes/n` and `/stream-bytes/n` body: the byte pattern `i % 251`.
export const pattern = (n) => {
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) out[i] = i % 251
  return out
}

// A full collection, to measure live memory rather than garbage V8 has not collected yet.
v8.setFlagsFromString('--expose-gc')
export const gc = vm.runInNewContext('gc')

// The options of a test that drives a real browser (seconds each): the inner loop
// (`scripts/test.sh --quick` sets RNET_QUICK) skips it, as pytest's `slow` marker does.
export const LIVE_BROWSER = process.env.RNET_QUICK ? { skip: 'a real browser: the full test command runs it' } : {}
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = process.env.RNET_FIXTURE ?? path.join(ROOT, 'target/x86_64-unknown-linux-gnu/debug/rnet-fixture')

// The listeners that speak TLS; every other one is plaintext.
const TLS = new Set(['https', 'https_mtls', 'https_expired', 'https_untrusted', 'h2_faults'])

export async function startFixture() {
  // The server exits when its stdin closes, so it never outlives the test run.
  const proc = spawn(BIN, [], { stdio: ['pipe', 'pipe', 'inherit'] })
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout })
    rl.once('line', resolve)
    proc.once('error', reject)
    proc.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)))
  })
  const ports = JSON.parse(line)
  return {
    ports,
    url(p, scheme = 'http', host = '127.0.0.1') {
      return `${TLS.has(scheme) ? 'https' : 'http'}://${host}:${ports[scheme]}${p}`
    },
    async stats() {
      return (await fetch(this.url('/stats'))).json()
    },
    stop() {
      proc.stdin.end()
    },
  }
}
