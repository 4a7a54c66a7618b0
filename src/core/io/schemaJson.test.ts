import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readSchemaJson } from './schemaJson';

const Entry = z.object({ name: z.string(), weight: z.number().default(1) });

describe('readSchemaJson', () => {
  it('reads a fitting file (with its defaults), gives null for a missing one, and names the file and field of a bad one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schema-json-'));
    const file = path.join(dir, 'entry.json');
    expect(await readSchemaJson(file, Entry, 'the entry')).toBeNull();
    await fs.writeFile(file, '{"name": "a"}');
    expect(await readSchemaJson(file, Entry, 'the entry')).toEqual({ name: 'a', weight: 1 });
    await fs.writeFile(file, '{"name": ');
    await expect(readSchemaJson(file, Entry, 'the entry')).rejects.toMatchObject({ code: 'bad-file', where: file, message: expect.stringContaining('the entry is not valid JSON') });
    await fs.writeFile(file, '{"name": 3}');
    await expect(readSchemaJson(file, Entry, 'the entry')).rejects.toMatchObject({ code: 'bad-file', where: `${file}: name` });
    await fs.mkdir(path.join(dir, 'folder.json'));
    await expect(readSchemaJson(path.join(dir, 'folder.json'), Entry, 'the entry')).rejects.toMatchObject({ code: 'bad-input' });
  });
});
