/**
 * `feature-studio <command>`: headless automation over the same Studio as the app. Results go
 * to stdout (as JSON with `--json`), progress and errors to stderr; a failure exits non-zero
 * with the StudioError's message and where it happened.
 */
import { StudioError } from '../shared/errors';
import { parseCommandArgs } from './args';
import { commands } from './commands';

function usage(): string {
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
    .join('\n');
  return `usage: feature-studio <command> [options] [--json]\n\ncommands:\n${list}\n\nfeature-studio <command> --help shows a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  const json = rest.includes('--json');
  try {
    if (!command) throw new StudioError('bad-input', `unknown command "${name}"; one of: ${Object.keys(commands).join(', ')}`, name);
    const { values, positionals } = parseCommandArgs(rest, command.options, command.positionals ?? false);
    if (values.help) {
      process.stdout.write(`usage: ${command.usage}\n`);
      return 0;
    }
    const output = await command.run({ values, positionals, json });
    process.stdout.write(json ? `${JSON.stringify(output.result, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (err) {
    const error = StudioError.from(err);
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    process.stderr.write(`error: ${error.message}\n`);
    return error.code === 'bad-input' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
