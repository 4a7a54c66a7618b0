import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/feature-studio.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface CliPlace {
  cwd: string;
  home: string;
}

/** Starts `feature-studio` as a user would, in `cwd`, with its studio home under `home`. */
export function spawnCli(args: string[], { cwd, home }: CliPlace): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, FEATURE_STUDIO_HOME: home }, cwd });
}

/** Runs `feature-studio` to its end and collects what it printed. */
export function runCli(args: string[], place: CliPlace): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawnCli(args, place);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
