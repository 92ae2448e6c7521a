#!/usr/bin/env node
// Shows what a server sees when rnet emulates a profile, or captures a real browser.
//
//   npx rnet-fingerprint Chrome149 [Firefox151 ...] [--platform Windows] [--json]
//   npx rnet-fingerprint capture OUT.json [--timeout SECONDS]
//
// Starts the fingerprint echo that ships in the native addon (`FingerprintEcho`). With profiles,
// requests it over TLS + HTTP/2 with each and prints JA4, JA3, the Akamai HTTP/2 fingerprint and
// the header order it observed. With `capture`, prints a URL to open in the browser to capture
// and writes what the browser sent (its navigation and the page's fetch()) to OUT.json, for
// `Emulation.fromCapture`.
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const rnet = createRequire(import.meta.url)('../index.js')

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
  const echo = await rnet.FingerprintEcho.start()
  let got = {}
  try {
    console.log(`Open ${echo.url}/capture-page in the browser to capture.`)
    console.log(`(Firefox: trust the test CA in ${echo.caPem} first; Chromium: --ignore-certificate-errors.) Waiting up to ${timeoutS} s...`)
    const deadline = Date.now() + timeoutS * 1000
    while (Date.now() < deadline && !(got.navigate && got.fetch)) {
      await new Promise((r) => setTimeout(r, 200))
      got = echo.captures()
    }
  } finally {
    echo.close()
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

const echo = await rnet.FingerprintEcho.start()
// By address, as most tools connect: no SNI (JA4 `t13i…`; a named host gives `t13d…`).
const url = `https://127.0.0.1:${new URL(echo.url).port}/fingerprint`
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
  echo.close()
}
if (json) {
  console.log(JSON.stringify(results, null, 2))
} else {
  for (const [profile, fields] of Object.entries(results)) {
    console.log(profile + (platform ? ` on ${platform}` : ''))
    for (const [key, value] of Object.entries(fields)) console.log(`  ${key.padEnd(12)} ${value}`)
  }
}
