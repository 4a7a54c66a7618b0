import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandInput {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  json: boolean;
}

/** What a command hands back: a value for `--json`, and the same for people. */
export interface CommandOutput {
  result: unknown;
  text: string;
}

/** One entry of the CLI's command registry; `train`, `eval`, `report` are added the same way. */
export interface CliCommand {
  summary: string;
  usage: string;
  options: OptionSpec;
  positionals?: boolean;
  run(input: CommandInput): Promise<CommandOutput>;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
