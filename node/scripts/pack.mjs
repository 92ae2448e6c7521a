// Packs the npm tarballs the napi-rs way: the main `rnet` package, whose optionalDependencies
// name one package per target in package.json's `napi.targets` (npm installs the one whose
// os/cpu/libc match), and the platform package for each addon found in <addonDir>.
// Usage: node node/scripts/pack.mjs <addonDir> <outDir>
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const nodeDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [addonDir, outDir] = process.argv.slice(2).map((p) => resolve(p))
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'))
const main = readJson(join(nodeDir, 'package.json'))

// npm/<platform>/package.json comes from `napi create-npm-dirs`; one per target.
const platforms = readdirSync(join(nodeDir, 'npm')).map((dir) => ({
  dir: join(nodeDir, 'npm', dir),
  pkg: readJson(join(nodeDir, 'npm', dir, 'package.json')),
}))
if (platforms.length !== main.napi.targets.length) {
  throw new Error(`node/npm has ${platforms.length} platform packages for ${main.napi.targets.length} targets: run \`npx napi create-npm-dirs\``)
}
for (const { pkg } of platforms) {
  if (pkg.version !== main.version) {
    throw new Error(`${pkg.name} is at ${pkg.version}, rnet at ${main.version}: run \`npx napi version\``)
  }
}

function pack(stage) {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' })
  console.log(`packed ${out.trim()}`)
}

function stageDir(name) {
  const dir = join(outDir, 'stage', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  cpSync(join(nodeDir, 'LICENSE'), join(dir, 'LICENSE'), { dereference: true })
  return dir
}

// The main package: the JS layer and types, no binary.
const stage = stageDir(main.name)
for (const entry of main.files) {
  if (entry === 'LICENSE') continue
  cpSync(join(nodeDir, entry), join(stage, entry), { recursive: true, dereference: true })
}
cpSync(join(nodeDir, '..', 'README.md'), join(stage, 'README.md'))
const published = { ...main }
delete published.devDependencies
delete published.scripts
published.optionalDependencies = Object.fromEntries(platforms.map(({ pkg }) => [pkg.name, pkg.version]))
writeFileSync(join(stage, 'package.json'), JSON.stringify(published, null, 2) + '\n')
pack(stage)

// One platform package per addon that was built (on this machine, its own platform).
let packed = 0
for (const file of readdirSync(addonDir).filter((f) => f.endsWith('.node'))) {
  const platform = platforms.find(({ pkg }) => pkg.main === file)
  if (!platform) throw new Error(`no npm/ package has main ${file}`)
  const dir = stageDir(platform.pkg.name)
  cpSync(join(platform.dir, 'package.json'), join(dir, 'package.json'))
  cpSync(join(addonDir, file), join(dir, file))
  pack(dir)
  packed += 1
}
if (!packed) throw new Error(`no .node addon in ${addonDir}`)
