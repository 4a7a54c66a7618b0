import pkg from '../../../package.json';
import type { HandlerGroup } from './handlers';
import type { HostCapabilities } from './host';

export function healthHandlers(host: HostCapabilities): HandlerGroup<'health'> {
  return {
    async health() {
      // Loaded on demand: the native runtime is only needed when someone asks what it offers.
      const ort = await import('onnxruntime-node');
      return { version: pkg.version, providers: ort.listSupportedBackends().map((b) => b.name), pickPaths: host.pickPath !== undefined };
    },
  };
}
