// `rnet/crawlee`: a client with the interface of Crawlee's HTTP clients (`BaseHttpClient`),
// for `new HttpCrawler({ httpClient })` (see docs/integrations.md). Typed structurally, so
// Crawlee is not needed to compile against it.
import type { Readable } from 'node:stream'
import type { Client, ClientConfig } from './index'

type Headers = Record<string, string | string[] | undefined>

export interface RnetHttpRequest {
  [k: string]: unknown
  url: string | URL
  method?: string
  headers?: Headers
  body?: string | Buffer | Readable | Iterable<unknown> | AsyncIterable<unknown>
  signal?: AbortSignal
  timeout?: { request?: number; connect?: number; response?: number; socket?: number }
  cookieJar?: unknown
  followRedirect?: boolean | ((response: any) => boolean)
  maxRedirects?: number
  encoding?: BufferEncoding
  responseType?: 'text' | 'json' | 'buffer'
  throwHttpErrors?: boolean
  proxyUrl?: string
}

export interface RnetResponseData {
  url: string
  statusCode: number
  statusMessage?: string
  headers: Headers
  trailers: Headers
  complete: boolean
  redirectUrls: URL[]
  ip?: string
}

export declare class RnetHttpClient {
  constructor(clientOrOptions?: Client | ClientConfig)
  readonly client: Client
  sendRequest(request: RnetHttpRequest): Promise<RnetResponseData & { request: RnetHttpRequest; body: any }>
  stream(
    request: RnetHttpRequest,
    onRedirect?: (response: RnetResponseData, updated: { url?: string | URL; headers: Headers }) => void,
  ): Promise<RnetResponseData & {
    request: RnetHttpRequest
    stream: Readable
    readonly downloadProgress: { percent: number; transferred: number; total?: number }
    readonly uploadProgress: { percent: number; transferred: number; total?: number }
  }>
}
