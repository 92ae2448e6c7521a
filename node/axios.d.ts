// `rnet/axios`: an axios adapter that sends through rnet (see docs/integrations.md).
import type { AxiosAdapter } from 'axios'
import type { Client, ClientConfig } from './index'

/** An axios adapter on an rnet `Client`: give one, or its options. */
export declare function createAdapter(clientOrOptions?: Client | ClientConfig): AxiosAdapter
