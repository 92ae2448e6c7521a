// Every ```js example in docs/*.md runs as an ES module against the fixture server (its
// address replaces 127.0.0.1:8080 in the example).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT, startFixture } from './fixture.mjs'

const DOCS = path.join(ROOT, 'docs')
const examples = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => [...readFileSync(path.join(DOCS, f), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m, i) => [f, i, m[1]]))

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

test('the guide has examples', () => {
  assert.ok(examples.filter(([f]) => f === 'guide-node.md').length >= 7)
})

for (const [doc, index, code] of examples) {
  test(`${doc} example ${index} runs`, () => {
    // Inside the package, so `import … from 'rnet'` resolves to it.
    const file = path.join(ROOT, 'node', `.doc-example-${doc}-${index}.mjs`)
    writeFileSync(file, code.replaceAll('127.0.0.1:8080', `127.0.0.1:${server.ports.http}`))
    try {
      const out = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 })
      assert.equal(out.status, 0, `${doc} example ${index}:\n${code}\n${out.stdout}${out.stderr}`)
    } finally {
      rmSync(file, { force: true })
    }
  })
}
