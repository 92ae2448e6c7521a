#!/usr/bin/env node
// Shows what a server sees when rnet emulates a profile.
//
//   npx rnet-fingerprint Chrome149 [Firefox151 ...] [--platform Windows] [--json]
//
// Starts the local echo server (`rnet-fixture`, built by `cargo build -p rnet-fixture`; set
// RNET_FIXTURE to its path if it is elsewhere), requests it over TLS + HTTP/2 with each
// profile, and prints JA4, JA3, the Akamai HTTP/2 fingerprint and the header order it observed.
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
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

const args = process.argv.slice(2)
const json = args.includes('--json')
const platformAt = args.indexOf('--platform')
const platform = platformAt >= 0 ? args[platformAt + 1] : undefined
const profiles = args.filter((a, i) => !a.startsWith('--') && (platformAt < 0 || i !== platformAt + 1))
if (profiles.length === 0) {
  console.error('usage: rnet-fingerprint PROFILE... [--platform NAME] [--json]')
  process.exit(2)
}

const server = spawn(findServer(), [], { stdio: ['pipe', 'pipe', 'inherit'] })
const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve))
const url = `https://127.0.0.1:${JSON.parse(line).https}/fingerprint`
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
