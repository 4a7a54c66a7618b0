import { StudioError } from '../../shared/errors';
import type { HandlerGroup } from './handlers';

/** What only some front doors can do: the desktop app shows native choosers. */
export interface HostCapabilities {
  pickPath?(request: { kind: 'folder' | 'file'; title?: string; extensions?: string[] }): Promise<string | null>;
}

export function hostHandlers(host: HostCapabilities): HandlerGroup<'pickPath'> {
  return {
    async pickPath(request) {
      if (!host.pickPath) throw new StudioError('unsupported', 'there is no file chooser here: type the path instead', 'pickPath');
      return { path: await host.pickPath(request) };
    },
  };
}
