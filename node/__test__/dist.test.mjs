// The npm tarballs install and work outside the repo, the napi-rs way: the main package takes
// its binary from the platform package named in its optionalDependencies. scripts/dist.sh
// builds the tarballs into target/dist/; the test command runs it first and sets
// RNET_DIST_DIR. Without that variable these tests are skipped (a plain `npm test`).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, startFixture, tscCache } from './fixture.mjs'

const DIST = process.env.RNET_DIST_DIR
const skip = DIST ? false : 'set RNET_DIST_DIR (scripts/test.sh does)'
const TSC = path.join(ROOT, 'node/node_modules/typescript/bin/tsc')

let server
let dir
before(async () => {
  if (skip) return
  server = await startFixture()
  dir = mkdtempSync(path.join(tmpdir(), 'rnet-npm-'))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'smoke', private: true }))
  const tarballs = readdirSync(DIST).filter((f) => f.endsWith('.tgz')).map((f) => path.join(DIST, f))
  assert.equal(tarballs.length, 2, `expected the main and one platform tarball in ${DIST}`)
  // --offline: the other platforms' optional packages are skipped, never fetched.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: dir })
})
after(() => {
  server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function run(args, input) {
  const out = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', input, timeout: 60_000 })
  assert.equal(out.status, 0, out.stderr)
  return JSON.parse(out.stdout)
}

const SMOKE = (load) => `${load}
const url = process.argv[process.argv.length - 1]
const client = new Client({ emulation: Profile.Firefox139, tlsVerify: false })
const resp = await client.get(url)
const seen = await resp.json()
console.log(JSON.stringify({ status: resp.status, ja4: seen.tls.ja4, akamai: seen.http2.akamai }))`

test('the main package declares every target and carries no binary', { skip }, () => {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'node_modules/rnet/package.json'), 'utf8'))
  const source = JSON.parse(readFileSync(path.join(ROOT, 'node/package.json'), 'utf8'))
  assert.equal(Object.keys(pkg.optionalDependencies).length, source.napi.targets.length)
  for (const [name, version] of Object.entries(pkg.optionalDependencies)) {
    assert.match(name, /^rnet-(linux|darwin|win32)-/)
    assert.equal(version, source.version)
  }
  for (const field of ['engines', 'exports', 'files', 'license', 'repository', 'types']) {
    assert.ok(pkg[field], `package.json has no ${field}`)
  }
  assert.equal(pkg.devDependencies, undefined)
  assert.deepEqual(readdirSync(path.join(dir, 'node_modules/rnet')).filter((f) => f.endsWith('.node')), [])
  assert.ok(existsSync(path.join(dir, 'node_modules/rnet-linux-x64-gnu/rnet.linux-x64-gnu.node')))
})

test('require and import both work from the install and fingerprint like pure Rust', { skip }, () => {
  const url = server.url('/fingerprint', 'https')
  const cjs = run(['-e', `(async () => { ${SMOKE("const { Client, Profile } = require('rnet')")} })()`, url])
  const esm = run(['--input-type=module', '-e', SMOKE("import { Client, Profile } from 'rnet'"), url])
  const ref = JSON.parse(execFileSync(path.join(ROOT, 'target/x86_64-unknown-linux-gnu/debug/examples/fingerprint'),
    [url, 'Firefox139'], { encoding: 'utf8' })).Firefox139
  for (const got of [cjs, esm]) {
    assert.deepEqual(got, { status: 200, ja4: ref.tls.ja4, akamai: ref.http2.akamai })
  }
})

test('rnet-fingerprint runs from the install: its echo ships in the addon', { skip }, () => {
  const out = spawnSync('npx', ['--offline', 'rnet-fingerprint', 'Firefox139', '--json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  assert.equal(out.status, 0, out.stderr)
  const seen = JSON.parse(out.stdout).Firefox139
  const ref = JSON.parse(execFileSync(path.join(ROOT, 'target/x86_64-unknown-linux-gnu/debug/examples/fingerprint'),
    [server.url('/fingerprint', 'https'), 'Firefox139'], { encoding: 'utf8' })).Firefox139
  assert.deepEqual([seen.ja4, seen.akamai], [ref.tls.ja4, ref.http2.akamai])
})

test('types resolve from the install', { skip }, () => {
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
      lib: ['ES2022', 'ESNext.Disposable', 'DOM'], types: ['node'],
      typeRoots: [path.join(ROOT, 'node/node_modules/@types')],
    },
    files: ['ok.ts', 'bad.ts'],
  }))
  const body = (opts) => `import { Client, Profile } from 'rnet'
export async function f(): Promise<number> {
  const resp = await new Client(${opts}).get('https://example.test/')
  return resp.status
}
`
  writeFileSync(path.join(dir, 'ok.ts'), body('{ emulation: Profile.Chrome149 }'))
  writeFileSync(path.join(dir, 'bad.ts'), body('{ emulation: 149 }'))
  const out = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', ...tscCache('dist')], { cwd: dir, encoding: 'utf8' })
  // Exactly one error, in bad.ts: the types came from node_modules/rnet, not `any`.
  assert.equal(out.status, 2, out.stdout)
  const errors = out.stdout.split('\n').filter((l) => l.includes('error TS'))
  assert.equal(errors.length, 1, out.stdout)
  assert.match(errors[0], /^bad\.ts\(3,/)
})

test('the integrations resolve from the install by their subpaths', { skip }, () => {
  const probe = `const out = {}
for (const sub of ['rnet/axios', 'rnet/crawlee']) {
  out[sub] = require.resolve(sub).includes('node_modules/rnet/')
}
try { require('rnet/axios'); out.axios = 'loaded' } catch (e) { out.axios = e.message }
out.crawlee = typeof require('rnet/crawlee').RnetHttpClient
console.log(JSON.stringify(out))`
  // axios is not installed in the smoke project: the subpath says what it needs.
  assert.deepEqual(run(['-e', probe]), {
    'rnet/axios': true,
    'rnet/crawlee': true,
    axios: 'rnet/axios needs axios: npm install axios',
    crawlee: 'function',
  })
  // axios from the repo's devDependencies (NODE_PATH), used by the installed `rnet/axios`.
  const use = `const axios = require('axios')
const { createAdapter } = require('rnet/axios')
axios.create({ adapter: createAdapter() }).get(process.argv[process.argv.length - 1])
  .then((r) => console.log(JSON.stringify({ status: r.status, url: r.data.url })))`
  const out = spawnSync(process.execPath, ['-e', use, server.url('/get')], {
    cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node/node_modules') },
  })
  assert.equal(out.status, 0, out.stderr)
  assert.deepEqual(JSON.parse(out.stdout), { status: 200, url: server.url('/get') })
})
