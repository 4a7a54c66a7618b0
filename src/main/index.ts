/**
 * Electron main process: thin by design (DESIGN.md "Front doors, one core"). It owns the
 * window, the menu and the native choosers; every StudioApi method runs in the same core as
 * `serve` and the CLI, with jobs in utility processes.
 */
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promises as fs } from 'node:fs';
import { Studio } from '../core/studio';
import { MANIFEST_FILE } from '../core/project/layout';
import { loadAppState, saveAppState } from './app-state';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './csp-protocol';
import { bindStudioIpc, forwardEvents } from './ipc';
import { isAppFrame, originOf } from './guards';
import { installMenu } from './menu';
import { utilityWorker } from './utility-worker';
import { createStudioWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const devUrl = process.env.ELECTRON_RENDERER_URL;
const appOrigin = devUrl ? originOf(devUrl)! : APP_ORIGIN;

registerAppScheme();
// FEATURE_STUDIO_HOME moves all per-user state (recent projects, window state), as it does
// for serve and the CLI, so tests and portable installs never touch the real profile.
if (process.env.FEATURE_STUDIO_HOME) app.setPath('userData', path.resolve(process.env.FEATURE_STUDIO_HOME));

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const state = await loadAppState(userData);
  let window: BrowserWindow | null = null;

  const studio = new Studio({
    home: userData,
    spawnWorker: utilityWorker,
    validateResults: !app.isPackaged,
    host: {
      async pickPath({ kind, title, extensions }) {
        const options: Electron.OpenDialogOptions = {
          title,
          properties: kind === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'],
          filters: extensions?.length ? [{ name: extensions.join(', '), extensions }] : undefined,
        };
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  });
  // Jobs are cancelled and project locks released before the app goes.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void studio.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  bindStudioIpc(studio, (frame) => isAppFrame(frame, appOrigin), (name, result) => {
    if (name === 'openProject' || name === 'createProject') {
      state.lastProject = (result as { dir: string }).dir;
      void saveAppState(userData, state);
    }
  });

  // The last project opens again if it still exists; the page then starts on its screen.
  let route = '';
  if (state.lastProject && (await fs.access(path.join(state.lastProject, MANIFEST_FILE)).then(() => true, () => false))) {
    const opened = await studio.openProject({ dir: state.lastProject }).catch(() => null);
    if (opened) route = `#/project/${encodeURIComponent(opened.dir)}`;
  }
  installMenu(!app.isPackaged);
  if (!devUrl) serveRenderer(path.join(here, '../renderer'));
  window = createStudioWindow(state, path.join(here, '../preload'), appOrigin);
  const stopEvents = forwardEvents(studio, window);
  window.on('close', () => {
    if (!window) return;
    const { width, height } = window.getNormalBounds();
    state.window = { width, height, maximized: window.isMaximized() };
    void saveAppState(userData, state);
  });
  window.on('closed', () => {
    stopEvents();
    window = null;
  });
  await window.loadURL(`${devUrl ?? `${APP_ORIGIN}/index.html`}${route}`);
}

// One app instance per user: a second launch focuses the first, which holds the project locks.
if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('Feature Studio could not start', err instanceof Error ? err.message : String(err));
      app.quit();
    });
}
