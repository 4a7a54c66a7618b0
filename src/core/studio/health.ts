import pkg from '../../../package.json';
import { availableProviders } from '../engine/runtime/providers';
import type { HandlerGroup } from './handlers';
import type { HostCapabilities } from './host';

export function healthHandlers(host: HostCapabilities): HandlerGroup<'health'> {
  return {
    async health() {
      return { version: pkg.version, providers: availableProviders(), pickPaths: host.pickPath !== undefined };
    },
  };
}
