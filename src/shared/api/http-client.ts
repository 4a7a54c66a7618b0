import { StudioError } from '../errors';
import { API_PREFIX, EVENTS_PATH, type EventMessage } from './http-wire';
import type { StudioTransport } from './client';

/** The few members of a WebSocket this client uses (the browser's, or `ws` under Node). */
export interface SocketLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** the server's origin, e.g. `http://127.0.0.1:5173` (a page passes `location.origin`) */
  baseUrl: string;
  token: string;
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; json(): Promise<unknown> }>;
  openSocket: (url: string) => SocketLike;
  /** reconnect delay after the event socket drops; the server may restart under a browser */
  reconnectMs?: number;
}

/** The browser bridge's wire, per `http.ts`: POST per method, one WebSocket for events. */
export function httpTransport(options: HttpTransportOptions): StudioTransport {
  const { baseUrl, token } = options;
  return {
    async call(method, args) {
      const response = await options.fetch(`${baseUrl}${API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(args ?? {}),
      });
      const body = (await response.json().catch(() => undefined)) as unknown;
      if (response.status === 200 && body !== undefined) return body;
      const error = (body as { error?: unknown } | undefined)?.error;
      if (StudioError.isJson(error)) throw StudioError.fromJSON(error);
      throw new StudioError('runtime', `the server answered ${response.status} to ${method}`, method);
    },
    listen(listener) {
      const wsBase = baseUrl.replace(/^http/, 'ws');
      let socket: SocketLike | null = null;
      let stopped = false;
      const open = (): void => {
        socket = options.openSocket(`${wsBase}${EVENTS_PATH}?token=${encodeURIComponent(token)}`);
        socket.onmessage = (event) => listener(JSON.parse(String(event.data)) as EventMessage);
        socket.onclose = () => {
          if (!stopped) setTimeout(open, options.reconnectMs ?? 1000);
        };
      };
      open();
      return () => {
        stopped = true;
        socket?.close();
      };
    },
  };
}
