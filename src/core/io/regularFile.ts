import { constants, promises as fs, type Stats } from 'node:fs';
import { StudioError } from '../../shared/errors';

/**
 * The one way the studio opens a file a user named (imports, inspections, explanations,
 * checkpoints). A FIFO blocks `open` until a writer comes (issue 24: five inspections of FIFOs
 * stalled every other request by filling libuv's thread pool), and a device such as /dev/zero
 * never ends; so the file is opened non-blocking and anything but a regular file is refused
 * before a byte is read. Errors name the file and say what it is instead.
 */
export async function openRegularFile(file: string): Promise<fs.FileHandle> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK makes opening a FIFO return at once; it changes nothing for regular files.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw openError(err as NodeJS.ErrnoException, file);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new StudioError('bad-input', `is ${kindOf(stat)}, not a regular file; only regular files are read`, file);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Refuses anything but a regular file (see openRegularFile) without reading it. */
export async function assertRegularFile(file: string): Promise<void> {
  await (await openRegularFile(file)).close();
}

/** The whole of a regular file; `maxBytes` refuses larger ones before reading them. */
export async function readRegularFile(file: string, opts: { maxBytes?: number } = {}): Promise<Buffer> {
  const handle = await openRegularFile(file);
  try {
    const { size } = await handle.stat();
    if (opts.maxBytes !== undefined && size > opts.maxBytes) {
      throw new StudioError('unsupported', `the file is ${size} bytes; at most ${opts.maxBytes} are read`, file);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A regular file as UTF-8 text, a leading byte-order mark removed. */
export async function readRegularText(file: string, opts: { maxBytes?: number } = {}): Promise<string> {
  return (await readRegularFile(file, opts)).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Where a JSON.parse error happened, without the snippet of the file V8 puts in its message:
 * errors never echo a file's contents (issue 24).
 */
export function jsonPosition(err: unknown): string {
  const m = /position (\d+)/.exec((err as Error)?.message ?? '');
  return m ? ` (at character ${m[1]})` : '';
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** What went wrong opening `file`, in words (no such file, a folder, permission denied…). */
export function openError(err: NodeJS.ErrnoException, file: string): StudioError {
  switch (err.code) {
    case 'ENOENT':
      return new StudioError('not-found', 'no such file', file);
    case 'ENOTDIR':
      return new StudioError('not-found', 'a component of the path is not a folder', file);
    case 'EISDIR':
      return new StudioError('bad-input', 'is a folder, not a regular file; only regular files are read', file);
    case 'ELOOP':
      return new StudioError('bad-input', 'the path is a loop of symbolic links and never reaches a file', file);
    case 'EACCES':
    case 'EPERM':
      return new StudioError('forbidden', 'permission denied: the file is not readable', file);
    default:
      return new StudioError('bad-file', `cannot open the file (${err.code ?? 'error'})`, file);
  }
}
