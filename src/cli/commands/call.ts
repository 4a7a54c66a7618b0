import { studioMethods } from '../../shared/api/methods';
import { StudioError } from '../../shared/errors';
import { Studio } from '../../core/studio';
import type { CliCommand } from '../command';

const methodList = Object.entries(studioMethods)
  .map(([name, spec]) => `  ${name.padEnd(20)} ${spec.doc}`)
  .join('\n');

/** Any table method, by name, with JSON arguments: the CLI's view of the whole contract. */
export const callCommand: CliCommand = {
  summary: 'Call any StudioApi method with JSON arguments',
  usage: `feature-studio call METHOD ['{"json": "args"}']\n\nmethods:\n${methodList}`,
  options: {},
  positionals: true,
  async run({ positionals }) {
    const [method, argsText] = positionals;
    if (!method) throw new StudioError('bad-input', 'name a method', 'METHOD');
    let args: unknown = {};
    if (argsText) {
      try {
        args = JSON.parse(argsText);
      } catch {
        throw new StudioError('bad-input', 'the arguments are not JSON', 'ARGS');
      }
    }
    const studio = new Studio();
    try {
      const result = await studio.call(method, args);
      return { result, text: JSON.stringify(result, null, 2) };
    } finally {
      await studio.close();
    }
  },
};
