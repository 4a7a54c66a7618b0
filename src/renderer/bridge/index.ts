/**
 * The renderer's one door to the core: `window.studio` in Electron, otherwise the HTTP /
 * WebSocket client of `feature-studio serve`. Both are built by iterating the contract's
 * method names (shared/api), so the screens cannot tell them apart.
 */
import { StudioError } from '../../shared/errors';
import type { StudioApi } from '../../shared/api';
// Imported by file, not through the api index, so the bundle does not carry the zod schemas.
import { createStudioClient } from '../../shared/api/client';
import { httpTransport, type SocketLike } from '../../shared/api/http-client';
import { unavailable, withStudioErrors } from './studioErrors';

const reconnectListeners = new Set<() => void>();

/** Called after the event socket comes back, so stores can refetch what they missed. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** The launch token of `feature-studio serve` travels in the page URL (`?token=`), as Jupyter's does. */
function launchToken(search: string): string | null {
  return new URLSearchParams(search).get('token');
}

function fromServer(token: string): StudioApi {
  let opened = 0;
  return createStudioClient(
    httpTransport({
      baseUrl: window.location.origin,
      token,
      fetch: (url, init) => window.fetch(url, init),
      openSocket: (url): SocketLike => {
        const socket = new WebSocket(url);
        const adapter: SocketLike = { onmessage: null, onclose: null, close: () => socket.close() };
        socket.onmessage = (event) => adapter.onmessage?.(event);
        socket.onclose = (event) => adapter.onclose?.(event);
        if (opened++ > 0) socket.onopen = () => reconnectListeners.forEach((fn) => fn());
        return adapter;
      },
    }),
  );
}

function createApi(): StudioApi {
  if (window.studio) return withStudioErrors(window.studio);
  const token = launchToken(window.location.search);
  if (!token) {
    return unavailable(new StudioError('unauthorized', 'this page needs the launch token: open the exact URL that `feature-studio serve` printed', 'page URL ?token='));
  }
  return withStudioErrors(fromServer(token));
}

export const api: StudioApi = createApi();
