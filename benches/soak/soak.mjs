// Load and soak for the Node host, at any size: the tests run it small
// (node/__test__/load.test.mjs), benches/soak/run.sh runs it at full size. Prints one JSON
// object. Run with --expose-gc.
//   node --expose-gc soak.mjs URL [--concurrent N] [--sequential N] [--clients N] [--processes N]
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const RNET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node/index.js')
const rnet = createRequire(import.meta.url)(RNET)
const fds = () => readdirSync('/proc/self/fd').length
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024
const round = (x) => Math.round(x * 10) / 10
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const collect = () => globalThis.gc?.()

/** Waits for pooled sockets to close (they close asynchronously after a drop). */
async function settle(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) {
    collect()
    await sleep(50)
  }
}

async function warmUp(url) {
  for (let i = 0; i < 10; i++) await (await new rnet.Client().get(url)).bytes()
  collect()
  await settle(() => false, 500)
}

async function concurrent(url, n) {
  await warmUp(url)
  const before = fds()
  let client = new rnet.Client()
  const start = performance.now()
  const results = await Promise.allSettled(Array.from({ length: n }, async () => {
    const resp = await client.get(url)
    await resp.bytes()
    return resp.status
  }))
  const seconds = (performance.now() - start) / 1000
  const errors = [...new Set(results.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code}: ${r.reason.message}`))].slice(0, 5)
  const peak = fds()
  client.close()
  client = null
  await settle(() => fds() <= before)
  return { n, ok: results.filter((r) => r.value === 200).length, errors, seconds: round(seconds), fds_before: before, fds_peak: peak, fds_after: fds() }
}

async function sequential(url, n) {
  const client = new rnet.Client()
  for (let i = 0; i < Math.max(n / 10, 1); i++) await (await client.get(url)).bytes()
  collect()
  const rssWarm = rssMb()
  const start = performance.now()
  let rssMax = rssWarm
  for (let i = 0; i < n; i++) {
    await (await client.get(url)).bytes()
    if (i % Math.max(Math.floor(n / 20), 1) === 0) rssMax = Math.max(rssMax, rssMb())
  }
  const seconds = (performance.now() - start) / 1000
  collect()
  await sleep(100)
  const rssEnd = rssMb()
  return { n, seconds: round(seconds), rss_warm_mb: round(rssWarm), rss_end_mb: round(rssEnd), rss_max_mb: round(Math.max(rssMax, rssEnd)), drift_mb: round(rssEnd - rssWarm) }
}

async function makeClients(url, n) {
  // One variable, cleared at the end: an async function's frame would keep a block-scoped
  // `const` of its last iteration alive.
  let client
  for (let i = 0; i < n; i++) {
    client = new rnet.Client()
    await (await client.get(url)).bytes()
  }
  client = null
  collect()
}

/** n clients made and dropped, after n more as warm-up: the V8 heap and the allocator grow to
 * a plateau first (measured: +10 MB after 500, +21 MB after 2,000, +21 MB after 4,000). */
async function clients(url, n) {
  await warmUp(url)
  await makeClients(url, n)
  await settle(() => false, 500)
  const beforeFds = fds()
  const beforeRss = rssMb()
  await makeClients(url, n)
  await settle(() => fds() <= beforeFds)
  return { n, fds_before: beforeFds, fds_after: fds(), rss_before_mb: round(beforeRss), rss_after_mb: round(rssMb()), rss_growth_mb: round(rssMb() - beforeRss) }
}

function processes(url, n) {
  const child = `require(${JSON.stringify(RNET)}).get(process.argv[1]).then(async (r) => { await r.bytes(); process.exitCode = r.status === 200 ? 0 : 3 })`
  let crashes = 0
  let failures = 0
  const codes = {}
  const start = performance.now()
  for (let i = 0; i < n; i++) {
    const out = spawnSync(process.execPath, ['-e', child, url], { timeout: 60_000 })
    if (out.signal) crashes += 1
    else if (out.status !== 0) failures += 1
    const key = out.signal ?? out.status
    codes[key] = (codes[key] ?? 0) + 1
  }
  return { n, crashes, failures, exit_codes: codes, seconds: round((performance.now() - start) / 1000) }
}

const [url, ...rest] = process.argv.slice(2)
const opt = (name) => Number(rest[rest.indexOf(`--${name}`) + 1] ?? 0) * (rest.includes(`--${name}`) ? 1 : 0)
const out = {}
if (opt('concurrent')) out.concurrent = await concurrent(url, opt('concurrent'))
if (opt('sequential')) out.sequential = await sequential(url, opt('sequential'))
if (opt('clients')) out.clients = await clients(url, opt('clients'))
if (opt('processes')) out.processes = processes(url, opt('processes'))
console.log(JSON.stringify(out))
