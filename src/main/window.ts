import { BrowserWindow, shell } from 'electron';
import path from 'node:path';
import type { AppState } from './app-state';
import { isExternalWebUrl, originOf } from './guards';

/**
 * The studio window with Electron's security baseline (DESIGN.md): context isolation, the
 * sandbox, no Node in the page, no new windows, no navigation away from the app.
 */
export function createStudioWindow(state: AppState, preloadDir: string, appOrigin: string): BrowserWindow {
  const window = new BrowserWindow({
    width: state.window.width,
    height: state.window.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Feature Studio',
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (state.window.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (originOf(url) === appOrigin) return;
    event.preventDefault();
    if (isExternalWebUrl(url)) void shell.openExternal(url);
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  return window;
}
