// The fault cases (fixture/cases/faults.json): each succeeds with the right bytes or fails with
// the documented error class, in bounded time.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'
import { hostMessage, hostOptions } from './cases.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const { cases } = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/faults.json'), 'utf8'))

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

function options(opts = {}) {
  const out = hostOptions(rnet, opts)
  for (const [k, v] of Object.entries(out)) {
    if (v === '$ca') out[k] = server.ports.ca_pem
    if (k === 'http1Options') out[k] = new rnet.Http1Options(hostOptions(rnet, v))
  }
  return out
}

const url = (c) => server.url(c.path, c.scheme ?? 'http', c.host ?? '127.0.0.1')

async function run(c) {
  const client = new rnet.Client(options(c.client))
  const resp = await client.get(url(c), options(c.request))
  if (c.read !== 'stream') return [resp, await resp[c.read]()]
  const chunks = []
  for await (const chunk of resp.stream()) chunks.push(chunk)
  return [resp, Buffer.concat(chunks)]
}

for (const c of cases) {
  test(c.name, async () => {
    const expect = c.expect
    const start = performance.now()
    if (expect.error) {
      await assert.rejects(run(c), (err) => {
        assert.equal(err.name, expect.error, err.message)
        assert.equal(err.code, expect.code, err.message)
        assert.ok(err.message.includes(hostMessage(expect.message ?? '')), err.message)
        return true
      })
    } else {
      const [resp, body] = await run(c)
      assert.equal(resp.status, expect.status)
      if (expect.version) assert.equal(resp.version, expect.version)
      if ('text' in expect) assert.equal(body, expect.text)
      if (expect.zero_bytes) {
        assert.equal(body.length, expect.zero_bytes)
        assert.ok(body.every((b) => b === 0))
      }
      if (expect.header_len) assert.equal(resp.headers.get(expect.header_len[0]).length, expect.header_len[1])
    }
    assert.ok(performance.now() - start < c.within * 1000)
  })
}
