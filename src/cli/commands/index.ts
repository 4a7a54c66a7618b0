import type { CliCommand } from '../command';
import { callCommand } from './call';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { infoCommand } from './info';
import { serveCommand } from './serve';

/** The command registry: one entry per `feature-studio <command>`. */
export const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  demo: demoCommand,
  import: importCommand,
  info: infoCommand,
  call: callCommand,
};
