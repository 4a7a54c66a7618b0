/**
 * The sandboxed preload: exposes `window.studio` (the StudioApi) and nothing else. It imports
 * only the table's method names, not its zod schemas: arguments are validated in the main
 * process, and this bundle stays small. Rejections carry StudioErrorJson as plain objects,
 * because an Error crossing contextBridge keeps only its message.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, methodNames } from '../shared/api/names';
import type { CallOutcome } from '../shared/api/client';
import type { EventMessage } from '../shared/api/http-wire';

const api: Record<string, unknown> = {};
for (const name of methodNames) {
  api[name] = async (args: unknown) => {
    const outcome = (await ipcRenderer.invoke(ipcChannel(name), args ?? {})) as CallOutcome;
    if (outcome.ok) return outcome.result;
    throw outcome.error;
  };
}

api.on = (event: string, handler: (payload: unknown) => void) => {
  const listener = (_e: Electron.IpcRendererEvent, message: EventMessage) => {
    if (message.event === event) handler(message.payload);
  };
  ipcRenderer.on(IPC_EVENT_CHANNEL, listener);
  return () => void ipcRenderer.off(IPC_EVENT_CHANNEL, listener);
};

contextBridge.exposeInMainWorld('studio', api);
