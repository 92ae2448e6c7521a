// The shared cases (fixture/cases/http.json), run through the Node API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { startFixture } from './fixture.mjs'
import { cases, hostOptions as spell, subset } from './cases.mjs'

const rnet = createRequire(import.meta.url)('../index.js')
const MODULE_FN = { delete: 'del' } // `delete` is reserved for a module export

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

async function run(c) {
  const url = c.url ?? server.url(c.path, c.scheme ?? 'http')
  const req = spell(rnet, c.request)
  let call
  if (c.fn.startsWith('client.')) {
    const client = new rnet.Client(spell(rnet, c.client))
    const verb = c.fn.split('.')[1]
    call = client[verb].bind(client)
  } else {
    call = rnet[MODULE_FN[c.fn] ?? c.fn]
  }
  const resp = c.fn === 'request' ? await call(c.method, url, req) : await call(url, req)
  if (c.raise_for_status) resp.raiseForStatus()
  return resp
}

for (const c of cases) {
  test(c.name, async () => {
    const expect = c.expect
    if (expect.error) {
      await assert.rejects(run(c), (err) => {
        assert.ok(err instanceof Error)
        assert.equal(err.name, expect.error, err.message)
        assert.equal(err.code, expect.code, err.message)
        return true
      })
      return
    }
    const resp = await run(c)
    assert.equal(resp.status, expect.status)
    if (expect.version) assert.equal(resp.version, expect.version)
    if ('history_len' in expect) assert.equal(resp.history.length, expect.history_len)
    if (expect.url_path) assert.ok(resp.url.endsWith(expect.url_path), resp.url)
    if (expect.response_header) assert.equal(resp.headers.get(expect.response_header[0]), expect.response_header[1])
    if ('text' in expect) assert.equal(await resp.text(), expect.text)
    if (expect.bytes_len) {
      const body = await resp.bytes()
      assert.ok(Buffer.isBuffer(body))
      assert.equal(body.length, expect.bytes_len)
      assert.ok(body.every((b, i) => b === i % 251))
    }
    if (expect.json || expect.echo_header) {
      const data = await resp.json()
      assert.ok(subset(expect.json ?? {}, data), JSON.stringify(data))
      for (const key of ['echo_header', 'echo_header2']) {
        if (expect[key]) assert.ok(data.headers.some(([k, v]) => k === expect[key][0] && v === expect[key][1]), JSON.stringify(data.headers))
      }
    }
  })
}
