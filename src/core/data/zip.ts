import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { StudioError } from '../../shared/errors';
import { openError } from '../io/regularFile';

/**
 * Zip archives (.npz, PyTorch's .pt) through yauzl, which reads the central directory and
 * streams entries without loading the archive. Stored (uncompressed) entries also report
 * where their bytes start, so they can be read by range like a plain file.
 */
export interface ZipEntryInfo {
  name: string;
  /** uncompressed bytes */
  size: number;
  /** true when the entry is stored uncompressed (np.savez, torch.save) */
  stored: boolean;
}

export class ZipArchive {
  private constructor(
    readonly file: string,
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, yauzl.Entry>,
  ) {}

  static async open(file: string): Promise<ZipArchive> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') throw openError(err as NodeJS.ErrnoException, file);
      throw new StudioError('bad-file', `not a readable zip archive: ${(err as Error).message}`, file);
    }
    const byName = new Map<string, yauzl.Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          byName.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.on('end', resolve);
        zip.on('error', reject);
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw new StudioError('bad-file', `the zip directory is damaged: ${(err as Error).message}`, file);
    }
    return new ZipArchive(file, zip, byName);
  }

  entries(): ZipEntryInfo[] {
    return [...this.byName.values()]
      .filter((e) => !e.fileName.endsWith('/'))
      .map((e) => ({ name: e.fileName, size: e.uncompressedSize, stored: e.compressionMethod === 0 }));
  }

  private entry(name: string): yauzl.Entry {
    const e = this.byName.get(name);
    if (!e) throw new StudioError('not-found', `the archive has no entry ${name}`, `${this.file}: ${name}`);
    return e;
  }

  /** An entry's bytes, refused above `maxBytes` (for small entries: pickles, headers). */
  async read(name: string, maxBytes: number): Promise<Uint8Array> {
    const e = this.entry(name);
    if (e.uncompressedSize > maxBytes) throw new StudioError('unsupported', `${name} holds ${e.uncompressedSize} bytes, more than the ${maxBytes} read whole`, `${this.file}: ${name}`);
    const parts: Buffer[] = [];
    for await (const chunk of await this.stream(name)) parts.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(parts));
  }

  /** The entry's bytes as a stream, decompressed and checked against its CRC. */
  async stream(name: string): Promise<Readable> {
    try {
      return await this.zip.openReadStreamPromise(this.entry(name));
    } catch (err) {
      if (err instanceof StudioError) throw err;
      throw new StudioError('bad-file', `cannot read the entry: ${(err as Error).message}`, `${this.file}: ${name}`);
    }
  }

  /** Where a stored entry's bytes start in the archive file (for reads by range). */
  async dataStart(name: string): Promise<number> {
    const e = this.entry(name);
    if (e.compressionMethod !== 0) throw new StudioError('internal', `${name} is compressed`, `${this.file}: ${name}`);
    return (await this.zip.readLocalFileHeaderPromise(e, { minimal: true })).fileDataStart;
  }

  close(): void {
    this.zip.close();
  }
}

/** Reads exact byte counts from a stream (a header, then rows). */
export class StreamBytes {
  private pending: Buffer[] = [];
  private have = 0;
  private readonly it: AsyncIterator<Buffer>;
  private ended = false;

  constructor(private readonly stream: Readable) {
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Up to `n` bytes; fewer only at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    while (this.have < n && !this.ended) {
      const next = await this.it.next();
      if (next.done) this.ended = true;
      else {
        this.pending.push(next.value);
        this.have += next.value.length;
      }
    }
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const take = Math.min(n, all.length);
    const rest = all.subarray(take);
    this.pending = rest.length ? [rest] : [];
    this.have = rest.length;
    return new Uint8Array(all.buffer, all.byteOffset, take);
  }

  destroy(): void {
    this.stream.destroy();
  }
}
