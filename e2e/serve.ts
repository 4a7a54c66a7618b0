import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

export interface RunningServer {
  /** the URL `serve` printed, with its launch token */
  url: string;
  /** everything the server wrote to stdout and stderr so far */
  output(): string;
  stop(): Promise<void>;
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+(#\S*)?/;
const START_TIMEOUT_MS = 60_000;

/**
 * Starts `node bin/feature-studio.js serve --port 0` confined to `root` and resolves with the
 * URL it prints on stdout (the port is picked by the OS, so tests never collide); `extraArgs`
 * (`--project DIR`) follow.
 */
export async function startServe(root: string, home: string, extraArgs: string[] = []): Promise<RunningServer> {
  const bin = path.resolve('bin/feature-studio.js');
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--root', root, ...extraArgs], {
    env: { ...process.env, FEATURE_STUDIO_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL:\n${output}`));
    });
  });
  return { url, output: () => output, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
