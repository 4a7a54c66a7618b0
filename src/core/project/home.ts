import os from 'node:os';
import path from 'node:path';

/**
 * Where per-user state lives (recent projects). `FEATURE_STUDIO_HOME` overrides it so tests
 * and portable installs never touch the real profile; Electron passes its userData folder.
 */
export function studioHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FEATURE_STUDIO_HOME) return path.resolve(env.FEATURE_STUDIO_HOME);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'feature-studio');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'feature-studio');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'feature-studio');
}
