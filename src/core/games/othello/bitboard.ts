/**
 * Bitboard move generation for fast random play (issue 5 asks for ≥ 20,000 games/s on one
 * core). A board side is a 64-bit set split into two 32-bit words: `lo` holds squares 0..31,
 * `hi` squares 32..63, bit i = board index i. Legal moves use the directional fill of
 * Kogge–Stone style move generators ("dumb7fill"): from the mover's discs, slide over
 * opponent discs and land on an empty square. The array rules in board.ts remain the
 * reference; tests replay generated games through them.
 */

// Shift amounts per direction (+ = towards higher indices) and the masks that drop bits
// which wrapped across a row edge after the shift.
const SHIFTS = [1, -1, 8, -8, 9, 7, -7, -9] as const;
const NOT_COL0 = 0xfefefefe | 0;
const NOT_COL7 = 0x7f7f7f7f | 0;
const MASKS = [NOT_COL0, NOT_COL7, -1, -1, NOT_COL0, NOT_COL7, NOT_COL0, NOT_COL7] as const;

// Outputs of `shift`, kept in module scope so the hot loops allocate nothing.
let outLo = 0;
let outHi = 0;

function shift(lo: number, hi: number, s: number): void {
  if (s > 0) {
    outHi = (hi << s) | (lo >>> (32 - s));
    outLo = lo << s;
  } else {
    const k = -s;
    outLo = (lo >>> k) | (hi << (32 - k));
    outHi = hi >>> k;
  }
}

/** A position held as two bitboards; `mover`/`other` swap after each move. */
export class BitPosition {
  moverLo = 0;
  moverHi = 0;
  otherLo = 0;
  otherHi = 0;
  /** legal moves of the mover, filled by `computeMoves` */
  movesLo = 0;
  movesHi = 0;

  reset(): void {
    // Black (to move) on d5 = 28 and e4 = 35; white on d4 = 27 and e5 = 36 (see board.ts).
    this.moverLo = 1 << 28;
    this.moverHi = 1 << (35 - 32);
    this.otherLo = 1 << 27;
    this.otherHi = 1 << (36 - 32);
  }

  swap(): void {
    let t = this.moverLo;
    this.moverLo = this.otherLo;
    this.otherLo = t;
    t = this.moverHi;
    this.moverHi = this.otherHi;
    this.otherHi = t;
  }

  /** Fills movesLo/movesHi and returns the number of legal moves. */
  computeMoves(): number {
    const emptyLo = ~(this.moverLo | this.otherLo);
    const emptyHi = ~(this.moverHi | this.otherHi);
    let mLo = 0;
    let mHi = 0;
    for (let d = 0; d < 8; d++) {
      const s = SHIFTS[d];
      const oLo = this.otherLo & MASKS[d];
      const oHi = this.otherHi & MASKS[d];
      shift(this.moverLo, this.moverHi, s);
      let xLo = outLo & oLo;
      let xHi = outHi & oHi;
      for (let k = 0; k < 5; k++) {
        shift(xLo, xHi, s);
        xLo |= outLo & oLo;
        xHi |= outHi & oHi;
      }
      shift(xLo, xHi, s);
      mLo |= outLo & emptyLo & MASKS[d];
      mHi |= outHi & emptyHi & MASKS[d];
    }
    this.movesLo = mLo;
    this.movesHi = mHi;
    return popcount(mLo) + popcount(mHi);
  }

  /** The k-th legal move in ascending square order (after `computeMoves`). */
  nthMove(k: number): number {
    const lo = this.movesLo;
    const nLo = popcount(lo);
    if (k >= nLo) return 32 + nthBit(this.movesHi, k - nLo);
    return nthBit(lo, k);
  }

  /** Plays `sq` for the mover (assumed legal) and flips; does not swap sides. */
  play(sq: number): void {
    const sLo = sq < 32 ? 1 << sq : 0;
    const sHi = sq < 32 ? 0 : 1 << (sq - 32);
    let fLo = 0;
    let fHi = 0;
    for (let d = 0; d < 8; d++) {
      const s = SHIFTS[d];
      const m = MASKS[d];
      let xLo = 0;
      let xHi = 0;
      shift(sLo, sHi, s);
      let tLo = outLo & m & this.otherLo;
      let tHi = outHi & m & this.otherHi;
      while ((tLo | tHi) !== 0) {
        xLo |= tLo;
        xHi |= tHi;
        shift(tLo, tHi, s);
        tLo = outLo & m & this.otherLo;
        tHi = outHi & m & this.otherHi;
      }
      shift(xLo, xHi, s);
      // The run of opponent discs is flipped only if the square after it is the mover's.
      if (((outLo & m & this.moverLo) | (outHi & m & this.moverHi)) !== 0) {
        fLo |= xLo;
        fHi |= xHi;
      }
    }
    this.moverLo |= fLo | sLo;
    this.moverHi |= fHi | sHi;
    this.otherLo &= ~fLo;
    this.otherHi &= ~fHi;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function nthBit(x: number, k: number): number {
  for (let i = 0; i < k; i++) x &= x - 1;
  return 31 - Math.clz32(x & -x);
}
