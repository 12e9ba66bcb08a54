/**
 * The urql client: queries and mutations over HTTP, subscriptions over one graphql-ws socket that
 * reconnects by itself. The socket's state drives the connection indicator; a refused or expired
 * token (HTTP 401, or socket close 4401) signs the user out with a message; a request refused for
 * waiting too long (HTTP 429) is sent again after its Retry-After (./fetch-retrying.ts).
 */
import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createSignal } from 'solid-js';
import { signOut } from './auth';
import { fetchRetrying } from './fetch-retrying';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

const [connection, setConnection] = createSignal<ConnectionState>('connecting');
export { connection };

const EXPIRED = 'Your token was refused: it is invalid, expired or revoked. Sign in again.';

function isUnauthenticated(error: { graphQLErrors?: readonly { extensions?: Record<string, unknown> }[]; response?: unknown }): boolean {
  const status = (error.response as { status?: number } | undefined)?.status;
  return status === 401 || Boolean(error.graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED'));
}

export interface ApiClient {
  urql: Client;
  ws: WsClient;
  dispose(): void;
}

export function createApiClient(token: string): ApiClient {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  let everConnected = false;
  setConnection('connecting');
  const ws = createWsClient({
    url: wsUrl,
    lazy: false,
    connectionParams: { authorization: `Bearer ${token}` },
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // 4401 is the server refusing the token: retrying would not help.
    shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && (event as CloseEvent).code === 4401),
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries)));
    },
    on: {
      connecting: () => setConnection(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        setConnection('connected');
      },
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === 4401) {
          signOut(EXPIRED);
          return;
        }
        setConnection(everConnected ? 'reconnecting' : 'offline');
      },
    },
  });

  const urql = new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    // A 429 (the org's requests queued too long) is sent again after its Retry-After.
    fetch: fetchRetrying,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) signOut(EXPIRED);
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    urql,
    ws,
    dispose() {
      void ws.dispose();
      setConnection('offline');
    },
  };
}
