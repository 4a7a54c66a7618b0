import type { DemoSize } from '../../core/demo';
import type { CommandOutput } from '../command';

/** What every `feature-studio demo <name>` receives: the common options, already checked. */
export interface DemoInput {
  /** the project folder, absolute: --project, else the entry's defaultProject */
  projectDir: string;
  size: DemoSize;
  seed: number;
  /** the board demos' residual layer (the command refuses it for the others) */
  layer?: number;
  json: boolean;
  /** aborted on Ctrl-C */
  signal: AbortSignal;
}

/** One entry of the demo registry: a workspace's one-command demo. */
export interface DemoEntry {
  summary: string;
  /** the project folder used when --project is not given, relative to the working directory */
  defaultProject: string;
  /** the side-bar screen that shows the demo's result, named in the closing line */
  screen: string;
  run(input: DemoInput): Promise<CommandOutput>;
}
