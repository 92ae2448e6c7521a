'use strict'
// What the framework integrations (`rnet/axios`, `rnet/crawlee`) share: which headers are
// rnet's own to send, and response headers as Node's `IncomingMessage` gives them.

/** Set per connection by rnet (wreq) itself; a framework's value would be wrong or doubled. */
const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'])

/** `{ name: value }` with lower-case names; a name with several values is joined with ", ",
 * but `set-cookie`, which is an array. */
function groupHeaders(headers) {
  const out = {}
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    if (!(lower in out)) out[lower] = lower === 'set-cookie' ? [value] : value
    else if (lower === 'set-cookie') out[lower].push(value)
    else out[lower] = `${out[lower]}, ${value}`
  }
  return out
}

module.exports = { HOP, groupHeaders }
