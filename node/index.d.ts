// rnet for Node: the generated declarations, plus what the JavaScript layer (index.js) adds.
export * from './native'

declare module './native' {
  interface JsonObject {
    [key: string]: Json
  }
  interface Streamer {
    /** The body's chunks; leaving the loop early releases the body. */
    [Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined>
    /** `await using stream = resp.stream()` closes it at the end of the scope. */
    [Symbol.asyncDispose](): Promise<void>
  }
  interface Client {
    /** `await using client = new Client()` closes it at the end of the scope. */
    [Symbol.asyncDispose](): Promise<void>
  }
  interface WebSocket {
    /** The messages until the connection closes. */
    [Symbol.asyncIterator](): AsyncGenerator<Message, void, undefined>
    /** `await using ws = await websocket(url)` closes it (code 1000) at the end of the scope. */
    [Symbol.asyncDispose](): Promise<void>
  }
  interface Response {
    /** `await using resp = await client.get(url)` releases the body at the end of the scope. */
    [Symbol.asyncDispose](): Promise<void>
  }
}

import type { Client, Policy, RequestOptions, ClientOptions, Response as RnetResponse } from './native'

/** `init` for `fetch`: the standard fields, plus rnet's request and client options. */
export interface FetchInit
  extends Omit<RequestOptions, 'headers' | 'body' | 'signal' | 'redirect'>,
    Omit<ClientOptions, 'headers' | 'redirect'> {
  method?: string
  headers?: HeadersInit | import('./native').HeaderMap
  body?: BodyInit | Uint8Array | AsyncIterable<Uint8Array | string> | null
  signal?: AbortSignal | null
  /** 'follow' (default, up to 20), 'manual', 'error', or an rnet Policy. */
  redirect?: 'follow' | 'manual' | 'error' | Policy
  /** Send through this client (its pool, emulation, TLS settings). */
  client?: Client
  /** Accepted and ignored, as Node's own fetch does outside a browser. */
  mode?: unknown
  credentials?: unknown
  cache?: unknown
  integrity?: unknown
  keepalive?: unknown
  referrer?: unknown
  referrerPolicy?: unknown
  window?: unknown
  duplex?: unknown
  priority?: unknown
  dispatcher?: unknown
}

/** A WHATWG `Response`, with the rnet response behind it. */
export type FetchResponse = globalThis.Response & { readonly rnet: RnetResponse }

/**
 * WHATWG fetch over rnet: returns the global `Response` (ReadableStream body, `Headers`),
 * while `init` also takes rnet options (emulation, proxy, tlsVerify, …). Network errors
 * reject with `TypeError('fetch failed')` whose `cause` is the rnet error.
 */
export declare function fetch(input: string | URL | Request, init?: FetchInit): Promise<FetchResponse>
