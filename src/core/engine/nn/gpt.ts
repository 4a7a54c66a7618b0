import { input, type Tensor } from '../ir/tensor';
import * as o from '../ops';
import { CausalSelfAttention } from './attention';
import { Embedding, LayerNorm, Linear, Mlp } from './layers';
import type { Params } from './params';

/** A decoder-only transformer's shape (the board-game transcript models are small ones). */
export interface GptConfig {
  vocab: number;
  /** Context length T. */
  context: number;
  /** Model width D. */
  d: number;
  heads: number;
  layers: number;
  /** MLP width; default 4·D. */
  mlp?: number;
}

/** Pre-LN transformer block (GPT-2): x + attn(ln₁ x), then + mlp(ln₂ x). */
export class GptBlock {
  readonly ln1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln2: LayerNorm;
  readonly mlp: Mlp;

  constructor(ps: Params, cfg: GptConfig) {
    this.ln1 = new LayerNorm(ps.scope('ln1'), cfg.d);
    this.attn = new CausalSelfAttention(ps.scope('attn'), cfg.d, cfg.heads);
    this.ln2 = new LayerNorm(ps.scope('ln2'), cfg.d);
    this.mlp = new Mlp(ps.scope('mlp'), [cfg.d, cfg.mlp ?? 4 * cfg.d, cfg.d], 'gelu');
  }

  forward(x: Tensor): Tensor {
    const h = o.add(x, this.attn.forward(this.ln1.forward(x)));
    return o.add(h, this.mlp.forward(this.ln2.forward(h)));
  }
}

export interface GptOutput {
  logits: Tensor;
  /** Residual stream before each block, then after the last: layers + 1 tensors [B, T, D] (hook_resid_pre). */
  residuals: Tensor[];
}

/** Token + learned position embeddings, blocks, final LayerNorm, untied unembedding. */
export class Gpt {
  readonly tokens: Embedding;
  readonly positions: Embedding;
  readonly blocks: GptBlock[];
  readonly lnF: LayerNorm;
  readonly head: Linear;

  constructor(
    ps: Params,
    readonly cfg: GptConfig,
  ) {
    this.tokens = new Embedding(ps.scope('wte'), cfg.vocab, cfg.d);
    this.positions = new Embedding(ps.scope('wpe'), cfg.context, cfg.d);
    this.blocks = Array.from({ length: cfg.layers }, (_, i) => new GptBlock(ps.scope(`block${i}`), cfg));
    this.lnF = new LayerNorm(ps.scope('lnF'), cfg.d);
    this.head = new Linear(ps.scope('head'), cfg.d, cfg.vocab, false);
  }

  /** ids: int64 [B, T] with T ≤ context. */
  forward(ids: Tensor): GptOutput {
    const [, T] = ids.shape;
    const pos = o.slice(this.positions.table, [0], [T], [0]);
    let x = o.add(this.tokens.forward(ids), pos);
    const residuals = [x];
    for (const block of this.blocks) {
      x = block.forward(x);
      residuals.push(x);
    }
    return { logits: this.head.forward(this.lnF.forward(x)), residuals };
  }

  /** Mean next-token cross-entropy of `ids` [B, T+1] given as inputs `ids[:, :T]` and targets `ids[:, 1:]`. */
  nextTokenLoss(batch: number, names = { ids: 'ids', targets: 'targets' }): { ids: Tensor; targets: Tensor; loss: Tensor; logits: Tensor } {
    const T = this.cfg.context;
    const ids = input(names.ids, [batch, T], 'int64');
    const targets = input(names.targets, [batch, T], 'int64');
    const { logits } = this.forward(ids);
    const loss = o.reduceMean(o.crossEntropy(o.reshape(logits, [batch * T, this.cfg.vocab]), o.reshape(targets, [batch * T])));
    return { ids, targets, loss, logits };
  }
}
