// Every public rnet class, typed. `tsc --strict --noEmit` must accept this file
// (__test__/types.test.mjs); the same test also feeds tsc deliberately wrong calls.
import {
  Action, Attempt, CertStore, Client, Cookie, DnsOptions, Emulation, HeaderMap, History,
  Http1Options, Http2Options, Identity, Jar, KeyLog, Message, Multipart, OrigHeaderMap, Part,
  Policy, Proxy, Response, Streamer, TlsOptions, WebSocket, fetch, get, websocket,
} from 'rnet'

function decide(attempt: Attempt): Action {
  if (attempt.status === 307 || attempt.previous.length > 3) return attempt.stop()
  return attempt.next.startsWith('/') ? attempt.follow() : attempt.error('off-site')
}

export async function main(base: string): Promise<void> {
  const headers = new HeaderMap({ 'x-typed': '1' })
  headers.append('x-many', 'a')
  const jar = new Jar()
  jar.add(new Cookie('session', 'abc', { path: '/', sameSite: 'Lax' }), base)
  const dns = new DnsOptions({ lookupIpStrategy: 'IPV4_ONLY' })
  dns.addResolve('typed.rnet.test', ['127.0.0.1'])
  await using client = new Client({
    emulation: new Emulation('Chrome149', { platform: 'Linux' }),
    headers,
    origHeaders: new OrigHeaderMap(['X-Typed', 'User-Agent']),
    cookieProvider: jar,
    dnsOptions: dns,
    redirect: Policy.custom(decide),
    timeout: 10_000,
    http1Options: new Http1Options(),
    http2Options: new Http2Options(),
    tlsOptions: new TlsOptions(),
    tlsMinVersion: 'TLS_1_2',
    tlsVerify: new CertStore(),
    tlsKeylog: KeyLog.file('/dev/null'),
  })
  const resp: Response = await client.get(`${base}/get`, { query: { q: 'typed' } })
  const status: number = resp.status
  const history: History[] = resp.history
  const data = (await resp.json()) as { args: Record<string, string> }
  console.log(status, resp.version, history.length, data.args)

  const form = new Multipart([new Part('a', 'text'), new Part('b', Buffer.from([0]), { filename: 'b.bin' })])
  await (await client.post(`${base}/post`, { multipart: form })).close()

  const stream: Streamer = (await client.get(`${base}/stream-bytes/1000`)).stream()
  let total = 0
  for await (const chunk of stream) total += chunk.length
  console.log('streamed', total)

  const ws: WebSocket = await websocket(base.replace('http', 'ws') + '/ws')
  await ws.send(Message.fromText('typed'))
  const message: Message | null | undefined = await ws.recv(5000)
  console.log(message?.text)
  await ws.close()

  const proxy: Proxy = Proxy.all('http://127.0.0.1:9', { username: 'u', password: 'p' })
  console.log(String(proxy))
  const ctl = new AbortController()
  ctl.abort()
  await get(`${base}/get`, { signal: ctl.signal }).catch((e: Error & { code?: string }) => console.log(e.name, e.code))

  const web = await fetch(`${base}/get`, { emulation: 'Firefox151', headers: { accept: 'application/json' } })
  console.log(web.status, web.rnet.version)
  if (false as boolean) Identity.fromPkcs8Pem('cert', 'key')
}

const base = process.argv[2]
if (base) main(base).catch((e) => { console.error(e); process.exit(1) })
