import pkg from '../../../package.json';
import { availableProviders } from '../engine/runtime/providers';
import type { HandlerGroup } from './handlers';
import type { HostCapabilities } from './host';
import type { PathPolicy } from './paths';

export function healthHandlers(host: HostCapabilities, policy: PathPolicy | null = null): HandlerGroup<'health' | 'allowedRoots'> {
  return {
    async health() {
      return { version: pkg.version, providers: availableProviders(), pickPaths: host.pickPath !== undefined };
    },
    // not part of health: serve answers GET /health without its token, and these are local paths
    async allowedRoots() {
      return { roots: [...(policy?.roots ?? [])] };
    },
  };
}
