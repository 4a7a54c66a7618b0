import { describe, expect, it } from 'vitest';
import { commands } from './index';

describe('command usage', () => {
  it('starts with the program and the command, named once, as `--help` prints it after "usage: "', () => {
    for (const [name, command] of Object.entries(commands)) {
      expect(command.usage, name).toMatch(new RegExp(`^feature-studio ${name}\\b`));
      expect(command.usage, name).not.toMatch(/feature-studio\s+feature-studio/);
    }
  });
});
