import type { CliCommand } from '../command';
import { authorshipCommand } from './authorship';
import { callCommand } from './call';
import { conceptsCommand } from './concepts';
import { congestionCommand } from './congestion';
import { demoCommand } from './demo';
import { evalCommand } from './eval';
import { explainCommand } from './explain';
import { exportCommand } from './export';
import { importCommand } from './import';
import { infoCommand } from './info';
import { matchCommand } from './match';
import { reportCommand } from './report';
import { rewardCommand } from './reward';
import { reviewsCommand } from './reviews';
import { serveCommand } from './serve';
import { trainCommand } from './train';

/** The command registry: one entry per `feature-studio <command>`. */
export const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  demo: demoCommand,
  import: importCommand,
  info: infoCommand,
  call: callCommand,
  train: trainCommand,
  eval: evalCommand,
  report: reportCommand,
  concepts: conceptsCommand,
  reward: rewardCommand,
  reviews: reviewsCommand,
  congestion: congestionCommand,
  authorship: authorshipCommand,
  export: exportCommand,
  match: matchCommand,
  explain: explainCommand,
};
