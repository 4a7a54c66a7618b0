/**
 * The text model's tokens: the UTF-8 bytes of a text, with byte 0 (NUL, which no imported text
 * holds) marking the start of each document. No vocabulary to learn or ship, no unknown
 * token, and every position of a document is one byte, so bits per token are bits per byte
 * (docs/text-model.md says why bytes rather than a learnt BPE).
 */

/** The vocabulary: the 256 byte values. */
export const TEXT_VOCAB = 256;
/** The token that starts every document (and separates documents in the training stream). */
export const DOC_START = 0;

const encoder = new TextEncoder();

/** A document's tokens: DOC_START then its UTF-8 bytes (NULs in the text become spaces). */
export function documentTokens(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out[0] = DOC_START;
  out.set(bytes, 1);
  for (let i = 1; i < out.length; i++) if (out[i] === DOC_START) out[i] = 0x20;
  return out;
}

/** Length of the UTF-8 sequence a lead byte starts (0 for a continuation or invalid byte). */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b < 0xe0) return 2;
  if (b >= 0xe0 && b < 0xf0) return 3;
  if (b >= 0xf0 && b < 0xf5) return 4;
  return 0;
}

const isContinuation = (b: number) => b >= 0x80 && b < 0xc0;

const VISIBLE: Record<number, string> = { [DOC_START]: '␂', 0x0a: '↵', 0x0d: '␍', 0x09: '⇥' };

/**
 * Readable strings for byte tokens, one per byte, for the explorer's token sidecar. ASCII
 * bytes are their character (newline ↵, tab ⇥, document start ␂); a character of several
 * bytes shows whole on its first byte and as `character·k` on its k-th byte (`é`, `é·2`), so an
 * example that activates on the second byte of `’` reads `’·2`; a byte that starts or
 * continues no valid character shows as `\xNN`.
 */
export function byteTokenLabels(bytes: ArrayLike<number>): string[] {
  const out = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = sequenceLength(b);
    if (n === 1) {
      out[i] = VISIBLE[b] ?? (b < 0x20 || b === 0x7f ? hex(b) : String.fromCharCode(b));
      i++;
      continue;
    }
    let ok = n > 1 && i + n <= bytes.length;
    for (let k = 1; ok && k < n; k++) ok = isContinuation(bytes[i + k]);
    if (!ok) {
      out[i] = hex(b);
      i++;
      continue;
    }
    const ch = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from({ length: n }, (_, k) => bytes[i + k]));
    out[i] = ch;
    for (let k = 1; k < n; k++) out[i + k] = `${ch}·${k + 1}`;
    i += n;
  }
  return out;
}

const hex = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;
