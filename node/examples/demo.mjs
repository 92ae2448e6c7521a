// Requests the fixture server as Chrome 149 would, and prints what came back.
import { createRequire } from 'node:module'

const { Client } = createRequire(import.meta.url)('../index.js')
const client = new Client({ emulation: 'Chrome149', tlsVerify: false })
const resp = await client.get(process.argv[2], { query: { from: 'node' } })
console.log('status:', resp.status, resp.version)
console.log(await resp.text())
