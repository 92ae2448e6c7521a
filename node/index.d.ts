// rnet for Node: the generated declarations, plus what the JavaScript layer (index.js) adds.
export * from './native'

declare module './native' {
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
  interface HeaderMap {
    /** `[name, value]` pairs in order; a name with several values comes once per value. */
    [Symbol.iterator](): IterableIterator<[string, string]>
    /** The same pairs, as `Headers.entries()`. */
    entries(): IterableIterator<[string, string]>
    /** `{ name: value }`, several values joined with ", " (what `JSON.stringify` shows). */
    toJSON(): Record<string, string>
  }
}

import type { Client, Policy, RequestConfig, ClientConfig, Response as RnetResponse } from './native'

/** `init` for `fetch`: the standard fields, plus rnet's request and client options. */
export interface FetchInit
  extends Omit<RequestConfig, 'headers' | 'body' | 'signal' | 'redirect' | 'mode'>,
    Omit<ClientConfig, 'headers' | 'redirect'> {
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

// The error classes index.js builds from the core's table (errorClasses()); a test checks
// this list against it in both directions.
/** The base class of every rnet error: `err instanceof RnetError`. */
export declare class RnetError extends Error {
  static readonly code: string
  /** A stable code, e.g. `ERR_RNET_TIMEOUT` (the same as Python's `.code`). */
  readonly code: string
  readonly rnet: true
  constructor(message?: string, options?: ErrorOptions)
}
/** The connection could not be established. (`ERR_RNET_CONNECTION`) */
export declare class ConnectionError extends RnetError {}
/** The proxy could not be reached or refused the tunnel. (`ERR_RNET_PROXY_CONNECTION`) */
export declare class ProxyConnectionError extends RnetError {}
/** The peer reset the connection. (`ERR_RNET_CONNECTION_RESET`) */
export declare class ConnectionResetError extends RnetError {}
/** The TLS handshake failed (certificate, protocol or configuration). (`ERR_RNET_TLS`) */
export declare class TlsError extends RnetError {}
/** A timeout elapsed. (`ERR_RNET_TIMEOUT`) */
export declare class TimeoutError extends RnetError {}
/** The request failed for another reason. (`ERR_RNET_REQUEST`) */
export declare class RequestError extends RnetError {}
/** The client was closed; its in-flight and later requests fail with this. (`ERR_RNET_CLIENT_CLOSED`) */
export declare class ClientClosedError extends RnetError {}
/** The request was aborted by its signal (Node `AbortSignal`); `name` is `AbortError`. (`ABORT_ERR`) */
export declare class AbortError extends RnetError {}
/** The response status was an error (raise_for_status). (`ERR_RNET_STATUS`) */
export declare class StatusError extends RnetError {}
/** Too many redirects, or a redirect policy refused one. (`ERR_RNET_REDIRECT`) */
export declare class RedirectError extends RnetError {}
/** Reading or writing a body failed. (`ERR_RNET_BODY`) */
export declare class BodyError extends RnetError {}
/** A body could not be decoded (compression, charset or JSON). (`ERR_RNET_DECODING`) */
export declare class DecodingError extends RnetError {}
/** Invalid input while building a client or request (URL, header, option). (`ERR_RNET_BUILDER`) */
export declare class BuilderError extends RnetError {}
/** A protocol upgrade failed. (`ERR_RNET_UPGRADE`) */
export declare class UpgradeError extends RnetError {}
/** A WebSocket operation failed. (`ERR_RNET_WEBSOCKET`) */
export declare class WebSocketError extends RnetError {}
/** Name resolution failed. (`ERR_RNET_DNS`) */
export declare class DNSResolverError extends RnetError {}
/** A hook raised or threw (or its promise rejected); the hook's error is the cause. (`ERR_RNET_HOOK`) */
export declare class HookError extends RnetError {}
/** A Rust panic was caught before it could cross into the host. (`ERR_RNET_PANIC`) */
export declare class RustPanic extends RnetError {}
