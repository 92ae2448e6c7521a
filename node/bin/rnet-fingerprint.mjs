#!/usr/bin/env node
// Shows what a server sees when rnet emulates a profile, or captures a real browser.
//
//   npx rnet-fingerprint Chrome149 [Firefox151 ...] [--platform Windows] [--json]
//   npx rnet-fingerprint capture OUT.json [--timeout SECONDS]
//
// Starts the local echo server (`rnet-fixture`, built by `cargo build -p rnet-fixture`; set
// RNET_FIXTURE to its path if it is elsewhere). With profiles, requests it over TLS + HTTP/2 with
// each and prints JA4, JA3, the Akamai HTTP/2 fingerprint and the header order it observed. With
// `capture`, prints a URL to open in the browser to capture and writes what the browser sent
// (its navigation and the page's fetch()) to OUT.json, for `Emulation.fromCapture`.
import { spawn } from 'node:child_process'
import { accessSync, constants, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const rnet = createRequire(import.meta.url)('../index.js')
const BINARY = 'target/x86_64-unknown-linux-gnu/debug/rnet-fixture'

function findServer() {
  if (process.env.RNET_FIXTURE) return process.env.RNET_FIXTURE
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      accessSync(path.join(dir, BINARY), constants.X_OK)
      return path.join(dir, BINARY)
    } catch {}
    if (dir === path.dirname(dir)) break
  }
  console.error('rnet-fingerprint: the echo server was not found; build it with `cargo build -p rnet-fixture` in the rnet checkout, or set RNET_FIXTURE')
  process.exit(1)
}

function summary(seen) {
  const h2 = seen.http2 ?? {}
  return {
    ja4: seen.tls.ja4,
    ja3_hash: seen.tls.ja3_hash,
    ja3n_hash: seen.tls.ja3n_hash,
    akamai: h2.akamai ?? null,
    akamai_hash: h2.akamai_hash ?? null,
    header_order: seen.headers.map(([name]) => name).join(','),
  }
}

async function startServer() {
  const server = spawn(findServer(), [], { stdio: ['pipe', 'pipe', 'inherit'] })
  const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve))
  return { server, ports: JSON.parse(line) }
}

// (browser, version) as the User-Agent names them, newest token first.
function browserOf(ua) {
  const names = { Edg: 'edge', OPR: 'opera', Version: 'safari' }
  for (const name of ['Edg', 'OPR', 'Firefox', 'HeadlessChrome', 'Chrome', 'Version']) {
    const m = ua.match(new RegExp(`\\b${name}/([\\d.]+)`))
    if (m) return [names[name] ?? name.toLowerCase(), m[1]]
  }
  return ['browser', 'unknown']
}

async function capture(out, timeoutS) {
  const { server, ports } = await startServer()
  let got = {}
  try {
    console.log(`Open https://localhost:${ports.https}/capture-page in the browser to capture.`)
    console.log(`(Firefox: trust the test CA in ${ports.ca_pem} first; Chromium: --ignore-certificate-errors.) Waiting up to ${timeoutS} s...`)
    const deadline = Date.now() + timeoutS * 1000
    while (Date.now() < deadline && !(got.navigate && got.fetch)) {
      await new Promise((r) => setTimeout(r, 200))
      got = await (await fetch(`http://127.0.0.1:${ports.http}/captures`)).json()
    }
  } finally {
    server.stdin.end()
  }
  if (!got.navigate) {
    console.error(`rnet-fingerprint: no browser arrived within ${timeoutS} s`)
    process.exit(1)
  }
  const ua = Object.fromEntries(got.navigate.headers)['user-agent'] ?? ''
  const [browser, version] = browserOf(ua)
  writeFileSync(out, JSON.stringify({ browser, version, ...got }, null, 1) + '\n')
  console.log(`wrote ${out}: ${browser} ${version}, JA4 ${got.navigate.tls.ja4}`)
}

const args = process.argv.slice(2)
if (args[0] === 'capture') {
  const at = args.indexOf('--timeout')
  const out = args[1]
  if (!out || out.startsWith('--')) {
    console.error('usage: rnet-fingerprint capture OUT.json [--timeout SECONDS]')
    process.exit(2)
  }
  await capture(out, at >= 0 ? Number(args[at + 1]) : 300)
  process.exit(0)
}
const json = args.includes('--json')
const platformAt = args.indexOf('--platform')
const platform = platformAt >= 0 ? args[platformAt + 1] : undefined
const profiles = args.filter((a, i) => !a.startsWith('--') && (platformAt < 0 || i !== platformAt + 1))
if (profiles.length === 0) {
  console.error('usage: rnet-fingerprint PROFILE... [--platform NAME] [--json]')
  process.exit(2)
}

const { server, ports } = await startServer()
const url = `https://127.0.0.1:${ports.https}/fingerprint`
const results = {}
try {
  for (const profile of profiles) {
    const emulation = platform ? new rnet.Emulation(profile, { platform }) : profile
    const client = new rnet.Client({ emulation, tlsVerify: false })
    results[profile] = summary(await (await client.get(url)).json())
  }
} catch (e) {
  console.error(`rnet-fingerprint: ${e.message}`)
  process.exit(1)
} finally {
  server.stdin.end()
}
if (json) {
  console.log(JSON.stringify(results, null, 2))
} else {
  for (const [profile, fields] of Object.entries(results)) {
    console.log(profile + (platform ? ` on ${platform}` : ''))
    for (const [key, value] of Object.entries(fields)) console.log(`  ${key.padEnd(12)} ${value}`)
  }
}
