import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { matrixShape } from './matrix';
import { decodeNpyValues, FLOAT64_NOTE, NPY_ITEM_SIZE, type NpyHeader, parseNpyHeader } from './npy';
import type { RowSource } from './rowSource';
import { StreamBytes, ZipArchive } from './zip';

/**
 * NumPy `.npz` archives (numpy.savez / savez_compressed): a zip of `.npy` members, each
 * named by its key. Members are streamed out of the archive (inflated on the fly when
 * compressed), so one larger than memory still imports.
 */
export interface NpzMember {
  /** the key numpy gives it (the member name without `.npy`) */
  name: string;
  header: NpyHeader;
}

const keyOf = (entry: string) => entry.replace(/\.npy$/, '');

async function headerOf(zip: ZipArchive, entry: string, size: number): Promise<{ header: NpyHeader; bytes: StreamBytes }> {
  const bytes = new StreamBytes(await zip.stream(entry));
  const where = `${zip.file}: ${keyOf(entry)}`;
  try {
    const prefix = Uint8Array.from(await bytes.read(12));
    const view = new DataView(prefix.buffer);
    const want = prefix.length >= 10 && prefix[6] === 1 ? 10 + view.getUint16(8, true) : prefix.length >= 12 ? 12 + view.getUint32(8, true) : prefix.length;
    const rest = want > prefix.length && want <= size ? await bytes.read(want - prefix.length) : new Uint8Array(0);
    const all = new Uint8Array(prefix.length + rest.length);
    all.set(prefix);
    all.set(rest, prefix.length);
    return { header: parseNpyHeader(all, size, where), bytes };
  } catch (err) {
    bytes.destroy();
    throw err;
  }
}

/** Every `.npy` member's header; other members, and members of other dtypes, are listed with the reason. */
export async function inspectNpz(file: string): Promise<{ members: NpzMember[]; others: { name: string; reason: string }[] }> {
  const zip = await ZipArchive.open(file);
  try {
    const members: NpzMember[] = [];
    const others: { name: string; reason: string }[] = [];
    for (const e of zip.entries()) {
      if (!e.name.endsWith('.npy')) {
        others.push({ name: e.name, reason: 'not an .npy member' });
        continue;
      }
      try {
        const { header, bytes } = await headerOf(zip, e.name, e.size);
        bytes.destroy();
        members.push({ name: keyOf(e.name), header });
      } catch (err) {
        // An integer or other non-float member (labels, token ids) is listed, not imported.
        if (!(err instanceof StudioError && err.code === 'dtype')) throw err;
        others.push({ name: keyOf(e.name), reason: err.message });
      }
    }
    return { members, others };
  } finally {
    zip.close();
  }
}

/** One member as rows, read front to back. */
export async function openNpzMember(file: string, name: string): Promise<RowSource> {
  const zip = await ZipArchive.open(file);
  try {
    const entry = zip.entries().find((e) => e.name === `${name}.npy`);
    if (!entry) throw new StudioError('not-found', `no array named ${name} (the archive holds ${zip.entries().map((e) => keyOf(e.name)).join(', ')})`, `${file}: ${name}`);
    const { header, bytes } = await headerOf(zip, entry.name, entry.size);
    const { rows, cols } = matrixShape(header.shape, `${file}: ${name}`);
    const rowBytes = cols * NPY_ITEM_SIZE[header.dtype];
    return {
      rows,
      cols,
      tensor: name,
      notes: header.dtype === 'float64' ? [FLOAT64_NOTE] : [],
      async *chunks(chunkRows) {
        const out = new Float32Array(Math.max(1, Math.min(chunkRows, rows)) * cols);
        for (let start = 0; start < rows; start += chunkRows) {
          const count = Math.min(chunkRows, rows - start);
          const raw = await bytes.read(count * rowBytes);
          if (raw.length < count * rowBytes) throw new StudioError('bad-file', `the member ends ${count * rowBytes - raw.length} bytes early`, `${file}: ${name}`);
          const view = out.subarray(0, count * cols);
          decodeNpyValues(raw, header.dtype, view);
          yield { data: view, done: start + count, total: rows, unit: 'rows' as const };
        }
      },
      async close() {
        bytes.destroy();
        zip.close();
      },
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

export const isNpz = (file: string) => path.extname(file).toLowerCase() === '.npz';
