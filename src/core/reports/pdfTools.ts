/**
 * Reading a PDF back with poppler-utils (pdfinfo, pdftotext, pdftoppm), for the report tests
 * and the demo's checks. Each helper returns null where its tool is not installed, so callers
 * can skip and say why.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';

const run = promisify(execFile);

async function tool(name: string, args: string[]): Promise<string | null> {
  try {
    return (await run(name, args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function pdfPageCount(file: string): Promise<number | null> {
  const out = await tool('pdfinfo', [file]);
  return out === null ? null : Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
}

export async function pdfText(file: string): Promise<string | null> {
  return tool('pdftotext', ['-layout', file, '-']);
}

/** Page 1 rendered to a PNG at `dpi`, decoded: the share of pixels darker than near-white. */
export async function pdfFirstPageInk(file: string, dpi = 40): Promise<number | null> {
  const prefix = `${file}.page`;
  if ((await tool('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, prefix])) === null) return null;
  const png = await fs.readFile(`${prefix}.png`);
  await fs.rm(`${prefix}.png`);
  const { width, height, channels, bytes } = decodePng(png);
  let ink = 0;
  for (let p = 0; p < width * height; p++) {
    let darkest = 255;
    for (let c = 0; c < channels; c++) darkest = Math.min(darkest, bytes[p * channels + c]);
    if (darkest < 240) ink++;
  }
  return ink / (width * height);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3 };

/** An 8-bit grey or RGB, non-interlaced PNG (what pdftoppm writes) to its raw samples. */
export function decodePng(png: Buffer): { width: number; height: number; channels: number; bytes: Uint8Array } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = CHANNELS[body[9]] ?? 0;
      if (body[8] !== 8 || channels === 0 || body[12] !== 0) throw new Error('only 8-bit grey or RGB non-interlaced PNGs are read');
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const bytes = new Uint8Array(stride * height);
  // PNG filters (ISO 15948 §9): each scanline starts with its filter type; a = left, b = up, c = up-left.
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? bytes[y * stride + x - channels] : 0;
      const b = y > 0 ? bytes[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? bytes[(y - 1) * stride + x - channels] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      bytes[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, channels, bytes };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
