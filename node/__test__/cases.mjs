// The shared cases (fixture/cases/http.json) and how a Node suite spells their options.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './fixture.mjs'

export const { cases } = JSON.parse(readFileSync(path.join(ROOT, 'fixture/cases/http.json'), 'utf8'))
const DURATIONS = new Set(['timeout', 'connect_timeout', 'read_timeout'])

/** An option name as JS spells it: `body_limit` → `bodyLimit`. */
export const jsName = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

/** A case's expected message, its option names spelled as JS spells them. */
export const hostMessage = (message) => message.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, jsName)

/** Case options → JS options: camelCase keys, durations in milliseconds, Policy objects. */
export function hostOptions(rnet, opts = {}) {
  const out = {}
  for (let [k, v] of Object.entries(opts)) {
    const key = jsName(k)
    if (DURATIONS.has(k)) v = v * 1000
    if (k === 'redirect') v = v === 'none' ? rnet.Policy.none() : rnet.Policy.limited(v.limited)
    out[key] = v
  }
  return out
}

/** Whether every key of `expected` is in `actual` with an equal value (recursively). */
export function subset(expected, actual) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    return actual && typeof actual === 'object' && Object.entries(expected).every(([k, v]) => k in actual && subset(v, actual[k]))
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
}
