import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appRoot, sharedDataFile } from './appRoot';

describe('appRoot', () => {
  it('finds the studio folder from a source file and from a bundle two levels below it', () => {
    const root = appRoot();
    expect(existsSync(path.join(root, 'package.json'))).toBe(true);
    expect(existsSync(path.join(root, 'resources', 'models', 'othello', 'config.json'))).toBe(true);
    // where electron-vite writes the main bundle and its worker chunk
    expect(appRoot(pathToFileURL(path.join(root, 'out', 'main', 'index.js')).href)).toBe(root);
    expect(appRoot(pathToFileURL(path.join(root, 'out', 'main', 'chunks', 'worker.js')).href)).toBe(root);
  });

  it('names the shared data beside the studio folder', () => {
    // ../shared/data/chess/masters_Capablanca.pgn (see SOURCES.md there)
    expect(sharedDataFile('chess', 'masters_Capablanca.pgn')).toBe(path.join(path.dirname(appRoot()), 'shared', 'data', 'chess', 'masters_Capablanca.pgn'));
    expect(existsSync(sharedDataFile('chess', 'masters_Capablanca.pgn'))).toBe(true);
  });

  it('falls back to the sources layout where no resources folder is found above', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-root-'));
    try {
      const module = path.join(tmp, 'studio', 'src', 'core', 'io', 'appRoot.js');
      expect(appRoot(pathToFileURL(module).href)).toBe(path.join(tmp, 'studio'));
    } finally {
      await fs.rm(tmp, { recursive: true });
    }
  });
});
