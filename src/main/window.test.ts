import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Electron's security checklist for the studio window (issue 24, re-run for the Electron
 * upgrade): the BrowserWindow is built with the sandbox and context isolation and no Node, new
 * windows are denied (http(s) links go to the system browser), navigation away from the app and
 * <webview> are refused. Electron is replaced by a recorder: the checks are on what the studio
 * asks of it, which is what an Electron version change could silently alter.
 */
const made = vi.hoisted(() => ({ options: null as null | Record<string, unknown>, handlers: new Map<string, (...args: unknown[]) => unknown>(), openHandler: null as null | ((d: { url: string }) => unknown), external: [] as string[] }));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (made.openHandler = h),
      on: (event: string, h: (...args: unknown[]) => unknown) => made.handlers.set(event, h),
    };
    constructor(options: Record<string, unknown>) {
      made.options = options;
    }
    maximize() {}
    once() {}
  }
  return { BrowserWindow, shell: { openExternal: async (url: string) => void made.external.push(url) } };
});

const { createStudioWindow } = await import('./window');

describe('the studio window', () => {
  beforeEach(() => {
    made.handlers.clear();
    made.external.length = 0;
    createStudioWindow({ window: { width: 1200, height: 800, maximized: false } } as never, '/app/preload', 'app://studio');
  });

  it('runs the page sandboxed, isolated, without Node', () => {
    expect(made.options?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: expect.stringMatching(/preload[/\\]index\.cjs$/),
    });
  });

  it('denies new windows and sends only http(s) links to the system browser', () => {
    for (const url of ['https://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://studio/other']) expect(made.openHandler?.({ url })).toEqual({ action: 'deny' });
    expect(made.external).toEqual(['https://example.org/']);
  });

  it('blocks navigation away from the app and attaching webviews', () => {
    const navigate = made.handlers.get('will-navigate')!;
    const stay = { preventDefault: vi.fn() };
    navigate(stay, 'app://studio/index.html#/project/x');
    expect(stay.preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://studio.evil/']) {
      const away = { preventDefault: vi.fn() };
      navigate(away, url);
      expect(away.preventDefault, url).toHaveBeenCalled();
    }
    expect(made.external).toEqual(['https://evil.example/']);
    const attach = { preventDefault: vi.fn() };
    made.handlers.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});
