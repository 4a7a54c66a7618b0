import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';

/**
 * Where clients of `serve` may point the studio. A path is accepted when, after resolving
 * symlinks of every existing component, it lies inside one of the allowed roots; a `..`
 * component is refused outright so no path climbs out before the check. The desktop app and
 * the CLI run without a policy: there the user names paths on their own machine.
 */
export class PathPolicy {
  private constructor(readonly roots: readonly string[]) {}

  static async create(roots: readonly string[]): Promise<PathPolicy> {
    if (roots.length === 0) throw new StudioError('bad-input', 'at least one allowed root folder is needed', 'roots');
    const real: string[] = [];
    for (const root of roots) {
      try {
        real.push(await fs.realpath(path.resolve(root)));
      } catch {
        throw new StudioError('not-found', 'allowed root folder does not exist', root);
      }
    }
    return new PathPolicy(real);
  }

  /** The real, absolute form of `input`, or a `forbidden` error naming `field`. */
  async confine(input: string, field: string): Promise<string> {
    if (input.includes('\0')) throw new StudioError('bad-input', 'path contains a NUL byte', field);
    if (input.split(/[\\/]/).includes('..')) throw new StudioError('forbidden', `"${input}" contains "..": paths must not climb out of a folder`, field);
    const resolved = await realpathAllowingMissing(path.resolve(this.roots[0], input));
    if (!this.roots.some((root) => resolved === root || resolved.startsWith(root + path.sep))) {
      throw new StudioError('forbidden', `"${input}" is outside the folders this server may use (${this.roots.join(', ')})`, field);
    }
    return resolved;
  }
}

/** realpath of the longest existing prefix, with the missing tail appended (for new folders). */
export async function realpathAllowingMissing(p: string): Promise<string> {
  const tail: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...tail);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new StudioError('bad-input', 'the path is a loop of symbolic links and never reaches a file', p);
      if (code === 'EACCES') throw new StudioError('forbidden', 'permission denied while resolving the path', p);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = path.dirname(current);
      if (parent === current) return p;
      tail.unshift(path.basename(current));
      current = parent;
    }
  }
}
