// One benchmark run of one Node library: `node node_bench.mjs LIB SCENARIO URL N CONCURRENCY`.
// Prints one JSON line: requests done, wall and CPU seconds (user+sys, whole process) of the
// measured loop, and bytes received. TLS verification is off (self-signed bench server).
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(HERE, '../package.json'))
const [LIB, SCENARIO, URL, N_, CONC_] = process.argv.slice(2)
const N = Number(N_)
const CONC = Number(CONC_)
const H2 = URL.startsWith('https')
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'

class Unsupported extends Error {}

// Each library: { make(): client, get(client, url): Promise<bytes>, stream?(url): Promise<bytes> }
const LIBS = {
  async rnet() {
    const rnet = require(process.env.RNET_NODE || path.join(HERE, '../../node/index.js'))
    const opts = { tlsVerify: false, ...(H2 ? { http2Only: true } : {}) }
    // RNET_BENCH_RUNTIME=WORKERS[:nosteal]: the client gets a Runtime of its own (the
    // trade-off in docs/design.md); unset, the shared runtime.
    const spec = process.env.RNET_BENCH_RUNTIME
    if (spec) {
      const [workers, mode] = spec.split(':')
      opts.runtime = new rnet.Runtime({ workers: Number(workers), workSteal: mode !== 'nosteal' })
    }
    return {
      make: () => new rnet.Client(opts),
      get: async (c, url) => (await (await c.get(url)).bytes()).length,
      async stream(url) {
        let n = 0
        for await (const chunk of (await new rnet.Client(opts).get(url)).stream()) n += chunk.length
        return n
      },
    }
  },
  async 'undici-request'() {
    const undici = require('undici')
    const opts = { connect: { rejectUnauthorized: false }, allowH2: H2, connections: CONC }
    return {
      make: () => new undici.Agent(opts),
      async get(c, url) {
        const { body } = await undici.request(url, { dispatcher: c })
        return (await body.arrayBuffer()).byteLength
      },
      async stream(url) {
        const { body } = await undici.request(url, { dispatcher: new undici.Agent(opts) })
        let n = 0
        for await (const chunk of body) n += chunk.length
        return n
      },
    }
  },
  async 'undici-fetch'() {
    const undici = require('undici')
    const opts = { connect: { rejectUnauthorized: false }, allowH2: H2, connections: CONC }
    return {
      make: () => new undici.Agent(opts),
      get: async (c, url) => (await (await undici.fetch(url, { dispatcher: c })).arrayBuffer()).byteLength,
      async stream(url) {
        const resp = await undici.fetch(url, { dispatcher: new undici.Agent(opts) })
        let n = 0
        for await (const chunk of resp.body) n += chunk.length
        return n
      },
    }
  },
  async fetch() {
    if (H2) throw new Unsupported('the built-in fetch does not negotiate HTTP/2 by default')
    return {
      make: () => null,
      get: async (_c, url) => (await (await fetch(url)).arrayBuffer()).byteLength,
      async stream(url) {
        let n = 0
        for await (const chunk of (await fetch(url)).body) n += chunk.length
        return n
      },
    }
  },
  async axios() {
    if (H2) throw new Unsupported('axios has no HTTP/2')
    const axios = require('axios')
    const http = require('node:http')
    return {
      make: () => axios.create({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONC }), responseType: 'arraybuffer' }),
      get: async (c, url) => (await c.get(url)).data.byteLength,
    }
  },
  async impit() {
    const { Impit } = require('impit')
    return {
      make: () => new Impit({ ignoreTlsErrors: true, http3: false }),
      get: async (c, url) => (await (await c.fetch(url)).arrayBuffer()).byteLength,
    }
  },
  async 'wreq-js'() {
    const wreq = require('wreq-js')
    return {
      make: () => wreq.createSession({ insecure: true }),
      get: async (c, url) => (await (await (await c).fetch(url)).arrayBuffer()).byteLength,
    }
  },
  async 'node-wreq'() {
    const nw = require('node-wreq')
    return {
      make: () => nw.createClient({ tlsDanger: { certVerification: false, verifyHostname: false }, ...(H2 ? { http2Only: true } : { http1Only: true }) }),
      get: async (c, url) => (await (await c.fetch(url)).arrayBuffer()).byteLength,
    }
  },
}

const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

async function main() {
  const lib = await LIBS[LIB]()
  let received = 0
  let wall
  let used
  if (SCENARIO === 'async') {
    const c = lib.make()
    await lib.get(c, URL)
    let next = 0
    const worker = async () => {
      while (next++ < N) {
        const got = await lib.get(c, URL) // (`received += await …` would lose updates)
        received += got
      }
    }
    const t0 = performance.now()
    const c0 = cpu()
    await Promise.all(Array.from({ length: CONC }, worker))
    wall = (performance.now() - t0) / 1000
    used = cpu() - c0
  } else if (SCENARIO === 'newclient') {
    const t0 = performance.now()
    const c0 = cpu()
    for (let i = 0; i < N; i++) {
      const c = lib.make()
      received += await lib.get(c, URL)
      await c?.close?.()
    }
    wall = (performance.now() - t0) / 1000
    used = cpu() - c0
  } else if (SCENARIO === 'stream') {
    if (!lib.stream) throw new Unsupported(`${LIB}: no streaming download in this harness`)
    const t0 = performance.now()
    const c0 = cpu()
    received = await lib.stream(URL)
    wall = (performance.now() - t0) / 1000
    used = cpu() - c0
    console.log(JSON.stringify({ requests: 1, wall, cpu: used, bytes: received }))
    process.exit(0)
  } else {
    throw new Unsupported(`${SCENARIO} is not a Node scenario`)
  }
  console.log(JSON.stringify({ requests: N, wall, cpu: used, bytes: received }))
  process.exit(0)
}

main().catch((e) => {
  if (e instanceof Unsupported) {
    console.log(JSON.stringify({ unsupported: e.message }))
    process.exit(0)
  }
  console.error(e)
  process.exit(1)
})
