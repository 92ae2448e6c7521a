// The published types: tsc --strict accepts a typed example that uses every public class and
// rejects wrong calls; the example runs; the package loads from require and import; a
// missing addon says which file and platform.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { ROOT, startFixture, tscCache } from './fixture.mjs'

const require = createRequire(import.meta.url)

const NODE_DIR = path.join(ROOT, 'node')
const TSC = path.join(NODE_DIR, 'node_modules/typescript/bin/tsc')

let server
before(async () => { server = await startFixture() })
after(() => server.stop())

function tsc(...args) {
  return spawnSync(process.execPath, [TSC, ...args], { cwd: NODE_DIR, encoding: 'utf8' })
}

// One tsc --strict run (each costs seconds: skipLibCheck is off) checks three files: the typed
// example, which must compile clean; values.ts, every runtime export used as a value, clean
// too; and bad.ts, wrong calls that must each be an error. Every error must be in bad.ts.
const BAD = [
  "import { Client, get, Message } from 'rnet'",
  "new Client({ timeout: 'soon' })",
  'new Client({ noSuchOption: 1 })',
  'export async function f(): Promise<string> {',
  "  const r = await get('http://x', { query: 5 })",
  '  return r.status.toUpperCase()',
  '}',
  'Message.fromClose()',
]
let checked
function checkedTogether() {
  if (checked) return checked
  const dir = mkdtempSync(path.join(NODE_DIR, '.tsc-check-'))
  try {
    const names = Object.keys(require('rnet')).filter((n) => !n.startsWith('__'))
    assert.ok(names.includes('Profile') && names.includes('Client'))
    writeFileSync(path.join(dir, 'bad.ts'), BAD.join('\n'))
    writeFileSync(path.join(dir, 'values.ts'), [
      "import * as rnet from 'rnet'",
      `export const all: unknown[] = [${names.map((n) => `rnet.${n}`).join(', ')}]`,
      "export const profile: rnet.Profile = rnet.Profile.Chrome149",
    ].join('\n'))
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      extends: '../tsconfig.json',
      compilerOptions: { paths: { rnet: ['../index.d.ts'] } },
      files: ['../examples/typed.ts', 'values.ts', 'bad.ts'],
    }))
    const out = tsc('-p', path.join(dir, 'tsconfig.json'), ...tscCache('types'))
    const errors = out.stdout.split('\n').filter((l) => / error TS\d+/.test(l))
    checked = { out, errors, outside: errors.filter((l) => !l.startsWith(path.join(path.basename(dir), 'bad.ts('))) }
    return checked
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('tsc --strict accepts the typed example', () => {
  const { out, outside } = checkedTogether()
  assert.ok(out.status !== null && out.stdout.includes('bad.ts('), out.stdout + out.stderr)
  assert.deepEqual(outside.filter((l) => !l.includes('values.ts(')), [], out.stdout)
})

test('tsc --strict rejects wrong calls, naming each', () => {
  const { out, errors } = checkedTogether()
  assert.notEqual(out.status, 0)
  // One error per wrong line: the timeout type, the unknown option, the query type, a
  // method the status does not have, and a missing argument.
  for (const line of [2, 3, 5, 6, 8]) {
    assert.ok(errors.some((l) => new RegExp(`bad\\.ts\\(${line},\\d+\\): error TS`).test(l)), out.stdout)
  }
  assert.match(out.stdout, /noSuchOption/)
  assert.match(out.stdout, /toUpperCase/)
})

test('every runtime export is declared as a value', () => {
  const { out, outside } = checkedTogether()
  assert.deepEqual(outside.filter((l) => l.includes('values.ts(')), [], out.stdout)
})

test('the typed example runs', () => {
  const outDir = mkdtempSync(path.join(NODE_DIR, '.typed-out-'))
  try {
    const out = tsc('-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', outDir, '--module', 'commonjs', '--moduleResolution', 'node10')
    assert.equal(out.status, 0, out.stdout + out.stderr)
    const run = spawnSync(process.execPath, [path.join(outDir, 'typed.js'), server.url('')], { cwd: NODE_DIR, encoding: 'utf8', timeout: 60_000 })
    assert.equal(run.status, 0, run.stdout + run.stderr)
    assert.match(run.stdout, /streamed 1000/)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
})

test('the package loads from require and import', () => {
  const cjs = execFileSync(process.execPath, ['-e', "const r = require('rnet'); console.log(typeof r.Client, typeof r.fetch)"], { cwd: NODE_DIR, encoding: 'utf8' })
  assert.equal(cjs.trim(), 'function function')
  const esm = execFileSync(process.execPath, ['--input-type=module', '-e', "import { Client, fetch, websocket } from 'rnet'; console.log(typeof Client, typeof fetch, typeof websocket)"], { cwd: NODE_DIR, encoding: 'utf8' })
  assert.equal(esm.trim(), 'function function function')
})

test('a missing native addon names the file and the platform', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnet-noaddon-'))
  try {
    for (const f of ['index.js', 'native.js', 'fetch.js', 'package.json']) cpSync(path.join(NODE_DIR, f), path.join(dir, f))
    const out = spawnSync(process.execPath, ['-e', "try { require('./index.js') } catch (e) { console.log(e.code + ' ' + e.message) }"], { cwd: dir, encoding: 'utf8' })
    assert.match(out.stdout, /^ERR_RNET_NATIVE_ADDON rnet: cannot load the native addon for linux-x64-gnu/)
    assert.ok(out.stdout.includes(path.join(dir, 'rnet.linux-x64-gnu.node')), out.stdout)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
