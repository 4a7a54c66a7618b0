/**
 * `npm run bench -- robustness [--json] [--cases N] [--kills N] [--seed S]`: the reliability
 * and security probe of issue 24 as a repeatable measurement. Seeded malformed inputs at every
 * file door, `kill -9` of imports mid-write, and `serve` probed from outside. Prints
 * {"badInputs": {tried, namedErrors, crashes, hangs, projectChanged, accepted},
 *  "killNine": {tries, intact, continued}, "serve": {checks, passed}} plus the machine.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBadInputs, type BadInputFigures } from './robustness/badInputs';
import { runKillNine, type KillNineFigures } from './robustness/killNine';
import { runServeChecks, type ServeFigures } from './robustness/serveChecks';
import { CASE_KINDS } from './robustness/cases';
import { option } from './support/options';

export interface RobustnessOptions {
  cases: number;
  kills: number;
  seed: number;
  /** how long one call may take before it counts as a hang */
  hangMs?: number;
  /** dataset imports as job processes (as the app runs them; default) or in-process (fast, for CI) */
  viaJobs?: boolean;
}

export interface RobustnessReport {
  badInputs: Omit<BadInputFigures, 'failures'>;
  killNine: Omit<KillNineFigures, 'failures'>;
  serve: Omit<ServeFigures, 'failures'>;
  failures: string[];
  options: RobustnessOptions;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  seconds: number;
}

export async function robustness(opts: RobustnessOptions): Promise<RobustnessReport> {
  const started = performance.now();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-robustness-'));
  try {
    const { failures: badFailures, ...badInputs } = await runBadInputs(tmp, opts.cases, opts.seed, { hangMs: opts.hangMs, viaJobs: opts.viaJobs });
    const { failures: killFailures, ...killNine } = await runKillNine(tmp, opts.kills, opts.seed);
    const { failures: serveFailures, ...serve } = await runServeChecks(tmp);
    return {
      badInputs,
      killNine,
      serve,
      failures: [...badFailures.map((f) => `bad input ${f.name}: ${f.outcome}: ${f.detail}`), ...killFailures.map((f) => `kill -9 ${f}`), ...serveFailures.map((f) => `serve ${f}`)],
      options: opts,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` },
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const int = (name: string, fallback: number) => {
    const raw = option(args, name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${raw}`);
    return n;
  };
  const report = await robustness({ cases: int('cases', 4 * CASE_KINDS.length), kills: int('kills', 12), seed: int('seed', 1) });
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const b = report.badInputs;
    console.log(`bad inputs: ${b.tried} tried, ${b.namedErrors} named errors, ${b.accepted} accepted, ${b.crashes} crashes, ${b.hangs} hangs, ${b.projectChanged} changed projects`);
    console.log(`kill -9:    ${report.killNine.tries} tries, ${report.killNine.intact} intact, ${report.killNine.continued} continued`);
    console.log(`serve:      ${report.serve.checks} checks, ${report.serve.passed} passed`);
    for (const f of report.failures) console.log(`  FAIL ${f}`);
    console.log(`${report.seconds} s on ${report.machine.cpus} × ${report.machine.cpuModel}`);
  }
  if (report.failures.length) process.exitCode = 1;
}
