import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, methodNames } from '../shared/api/names';
import type { CallOutcome } from '../shared/api/client';
import { StudioError } from '../shared/errors';
import type { Studio } from '../core/studio';

/**
 * Binds every method of the contract to `ipcMain.handle('studio:<method>')`. Only the app's
 * own top frame may call (as VS Code rejects IPC from foreign frames); errors travel as
 * StudioErrorJson inside the answer because `ipcMain.handle` would keep only the message.
 */
export function bindStudioIpc(
  studio: Studio,
  isAppFrame: (frame: WebFrameMain | null) => boolean,
  onResult: (method: string, result: unknown) => void = () => undefined,
): () => void {
  for (const name of methodNames) {
    ipcMain.handle(ipcChannel(name), async (event, args: unknown): Promise<CallOutcome> => {
      if (!isAppFrame(event.senderFrame)) {
        return { ok: false, error: new StudioError('forbidden', 'IPC from a frame that is not the studio', event.senderFrame?.url ?? 'unknown frame').toJSON() };
      }
      try {
        const result = await studio.call(name, args);
        onResult(name, result);
        return { ok: true, result };
      } catch (err) {
        return { ok: false, error: StudioError.from(err, name).toJSON() };
      }
    });
  }
  return () => methodNames.forEach((name) => ipcMain.removeHandler(ipcChannel(name)));
}

/** Forwards every core event to the window on one channel. */
export function forwardEvents(studio: Studio, window: BrowserWindow): () => void {
  return studio.onAny((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
}
