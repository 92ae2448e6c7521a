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
}
