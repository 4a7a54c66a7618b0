/**
 * The studio's text model and an SAE as the text tests use them (issue 19): byte windows read in
 * batches of a fixed size, so each program is compiled once per run rather than once per test
 * batch (compilation, not the arithmetic, was most of a minimal-edit test's time). Programs are
 * compiled on first use: the encoder (blocks up to the SAE's layer), the full model (logits and
 * the residual, for causal tests and samples), the model above the layer (for edited residuals).
 */
import type { Program } from '../engine';
import type { SparseActivations } from '../evals/board';
import type { TranscriptModel } from '../games/lm/model';
import { CompiledSae } from '../sae/checkpoint/compiled';
import type { Sae } from '../sae/checkpoint/sae';
import { byteTokenLabels, documentTokens } from '../text/lm/bytes';
import type { TextRows } from './hypothesis/text';

/** Windows per forward pass; fewer are padded with DOC_START rows that nothing reads. */
export const TEXT_BATCH = 16;

export class TextInference {
  private programs = new Map<string, Promise<Program>>();
  private compiledSae: Promise<CompiledSae> | null = null;
  readonly T: number;
  readonly D: number;
  readonly V: number;

  constructor(readonly model: TranscriptModel, readonly layer: number, readonly sae: Sae, readonly threads?: number) {
    ({ context: this.T, d: this.D, vocab: this.V } = model.config.gpt);
  }

  /** The residual after the layer, [windows·T, D] (rows past a window's end are padding). */
  async residuals(windows: readonly Uint8Array[]): Promise<Float32Array> {
    return (await this.pass('encode', windows)).resid;
  }

  /** Logits [windows·T, V] and the residual [windows·T, D] of the whole model. */
  async forward(windows: readonly Uint8Array[]): Promise<{ resid: Float32Array; logits: Float32Array }> {
    const { resid, logits } = await this.pass('full', windows);
    return { resid, logits: logits! };
  }

  /** Logits [windows·T, V] of the model above the layer fed an (edited) residual [windows·T, D]. */
  async fromResidual(resid: Float32Array): Promise<Float32Array> {
    const { T, D, V } = this;
    const n = resid.length / (T * D);
    const above = await this.program('above', () => this.model.compileFromResidual(TEXT_BATCH, this.layer, { threads: this.threads }));
    const out = new Float32Array(n * T * V);
    for (let w0 = 0; w0 < n; w0 += TEXT_BATCH) {
      const chunk = new Float32Array(TEXT_BATCH * T * D);
      chunk.set(resid.subarray(w0 * T * D, Math.min(n, w0 + TEXT_BATCH) * T * D));
      const logits = (await above.run({ resid: chunk })).logits as Float32Array;
      out.set(logits.subarray(0, (Math.min(n, w0 + TEXT_BATCH) - w0) * T * V), w0 * T * V);
    }
    return out;
  }

  /** SAE features, dense [rows, dSae], of residual rows [rows, D]. */
  async features(resid: Float32Array): Promise<Float32Array> {
    return (await this.saeProgram()).encode(resid);
  }

  /** SAE features and reconstruction x̂ [rows, D] of residual rows. */
  async reconstruct(resid: Float32Array): Promise<{ f: Float32Array; xHat: Float32Array }> {
    return (await this.saeProgram()).forward(resid);
  }

  /** Every byte but DOC_START of each window as a row, with its SAE codes (the text tests' encoder). */
  async encode(windows: readonly Uint8Array[]): Promise<{ rows: TextRows; codes: SparseActivations }> {
    const { T, D } = this;
    const resid = await this.residuals(windows);
    const seq: number[] = [];
    const pos: number[] = [];
    windows.forEach((w, i) => {
      for (let t = 1; t < Math.min(T, w.length); t++) {
        seq.push(i);
        pos.push(t);
      }
    });
    const x = new Float32Array(seq.length * D);
    for (let r = 0; r < seq.length; r++) x.set(resid.subarray((seq[r] * T + pos[r]) * D, (seq[r] * T + pos[r] + 1) * D), r * D);
    const rows: TextRows = { rows: seq.length, sequences: windows.map((w) => byteTokenLabels(w.subarray(0, T))), seq: Uint32Array.from(seq), pos: Uint32Array.from(pos) };
    return { rows, codes: sparse(await this.features(x), seq.length, this.sae.dSae) };
  }

  /** The text tests' encoder: the first context-long window of each text (DOC_START, then its bytes). */
  encodeTexts = (texts: readonly string[]) => this.encode(texts.map((t) => documentTokens(t).subarray(0, this.T)));

  async dispose(): Promise<void> {
    const all = [...this.programs.values()];
    this.programs.clear();
    await Promise.all(all.map(async (p) => (await p).dispose()));
    if (this.compiledSae) await (await this.compiledSae).dispose();
    this.compiledSae = null;
  }

  private saeProgram(): Promise<CompiledSae> {
    this.compiledSae ??= CompiledSae.create(this.sae, { threads: this.threads, chunkRows: TEXT_BATCH * this.T });
    return this.compiledSae;
  }

  private program(key: string, make: () => Promise<Program>): Promise<Program> {
    let p = this.programs.get(key);
    if (!p) this.programs.set(key, (p = make()));
    return p;
  }

  private async pass(kind: 'encode' | 'full', windows: readonly Uint8Array[]): Promise<{ resid: Float32Array; logits?: Float32Array }> {
    const { T, D, V, layer } = this;
    const program = await this.program(kind, () => this.model.compileInference(TEXT_BATCH, { layers: [layer], logits: kind === 'full', threads: this.threads }));
    const n = windows.length;
    const resid = new Float32Array(n * T * D);
    const logits = kind === 'full' ? new Float32Array(n * T * V) : undefined;
    for (let w0 = 0; w0 < n; w0 += TEXT_BATCH) {
      const ids = new BigInt64Array(TEXT_BATCH * T);
      const m = Math.min(n, w0 + TEXT_BATCH) - w0;
      for (let i = 0; i < m; i++) {
        const w = windows[w0 + i];
        for (let t = 0; t < Math.min(T, w.length); t++) ids[i * T + t] = BigInt(w[t]);
      }
      const out = await program.run({ ids });
      resid.set((out[`resid${layer}`] as Float32Array).subarray(0, m * T * D), w0 * T * D);
      logits?.set((out.logits as Float32Array).subarray(0, m * T * V), w0 * T * V);
    }
    return { resid, logits };
  }
}

function sparse(f: Float32Array, rows: number, m: number): SparseActivations {
  const rowStart = new Uint32Array(rows + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < m; i++) {
      const v = f[r * m + i];
      if (!(v > 0)) continue;
      index.push(i);
      value.push(v);
    }
    rowStart[r + 1] = index.length;
  }
  return { rowStart, index: Uint32Array.from(index), value: Float32Array.from(value), features: m };
}

const VISIBLE: Record<string, number> = { '␂': 0, '↵': 0x0a, '␍': 0x0d, '⇥': 0x09 };
const utf8 = new TextEncoder();

/** Byte labels (text/lm/bytes.ts `byteTokenLabels`) back to the bytes they label. */
export function labelsToBytes(labels: readonly string[]): Uint8Array {
  const out = new Uint8Array(labels.length);
  labels.forEach((l, i) => {
    const hex = /^\\x([0-9a-f]{2})$/.exec(l);
    const part = /^(.+)·(\d+)$/u.exec(l);
    if (hex) out[i] = parseInt(hex[1], 16);
    else if (l in VISIBLE && labels[i + 1] !== `${l}·2`) out[i] = VISIBLE[l];
    else if (part && [...part[1]].length === 1) out[i] = utf8.encode(part[1])[Number(part[2]) - 1] ?? 0x20;
    else out[i] = utf8.encode(l)[0] ?? 0x20;
  });
  return out;
}
