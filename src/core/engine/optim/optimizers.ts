import { StudioError } from '../../../shared/errors';
import { input, state, type Tensor } from '../ir/tensor';
import { add, clip, div, mul, pow, sqrt, sub } from '../ops/elementwise';
import { reduceSumSquare } from '../ops/reduce';
import { clipByGlobalNorm } from './clip';

/** Optimizer settings; the learning rate and step are fed per call, so schedules need no recompilation. */
export interface OptimizerConfig {
  kind: 'sgd' | 'adam' | 'adamw';
  /** Adam β₁ (default 0.9). */
  beta1?: number;
  /** Adam β₂ (default 0.999). */
  beta2?: number;
  /** Adam ε (default 1e-8). */
  eps?: number;
  /** AdamW's decoupled weight decay (Loshchilov & Hutter 2019), default 0.01; ignored by the others. */
  weightDecay?: number;
  /** Clip all gradients together to this global L2 norm before the update; omitted: no clipping. */
  clipNorm?: number;
}

/** Per-parameter hooks that run inside the step graph. */
export interface ParamRule {
  /** Replaces the gradient before the update, e.g. removing the component parallel to decoder rows. */
  grad?: (g: Tensor, p: Tensor) => Tensor;
  /** Transforms the updated value, e.g. renormalising decoder rows to unit norm. */
  after?: (next: Tensor) => Tensor;
}

/** The per-call scalars every optimizer reads: `lr` and the 1-based `step` (float32, for bias correction). */
export interface Schedule {
  lr: Tensor;
  step: Tensor;
}

export function scheduleInputs(): Schedule {
  return { lr: input('lr', []), step: input('step', []) };
}

/**
 * Suffixes of Adam's state leaves: the first and second moments as decayed sums (m/(1−β₁),
 * v/(1−β₂)); with clipping, divided by the last step's clipping scale and its square (adamUpdates).
 */
export const MOMENT_SUMS = ['mSum', 'vSum'] as const;
/** The state leaf holding the last step's clipping scale when Adam clips (one clipped optimizer per step graph). */
export const CLIP_SCALE = 'clipScale';
/**
 * The value a scalar state added to the optimizer after a resume state was saved reads as in
 * that state: a clipping scale of 1 takes the undivided moments saved before it as they were.
 */
export const OPTIMIZER_STATE_WHEN_ABSENT: Readonly<Record<string, number>> = { [CLIP_SCALE]: 1 };

export interface OptimizerStep {
  updates: [Tensor, Tensor][];
  /** The global gradient norm before clipping (only with clipNorm). */
  gradNorm?: Tensor;
}

/**
 * The update of every parameter as graph nodes, with its state leaves (Adam's `<param>.mSum`,
 * `<param>.vSum` and, when it clips, `clipScale`; see adamUpdates) created here and carried by the Program. Order per step: `ParamRule.grad`, global-norm
 * clipping, the optimizer, `ParamRule.after`. Adam follows Kingma & Ba 2015 Alg. 1 with bias
 * correction; AdamW follows torch.optim.AdamW: p ← p·(1 − lr·wd) before the Adam step.
 */
export function optimizerStep(params: readonly Tensor[], grads: readonly Tensor[], config: OptimizerConfig, schedule: Schedule, rules: ReadonlyMap<Tensor, ParamRule> = new Map()): OptimizerStep {
  if (params.length !== grads.length) throw new StudioError('internal', `${params.length} params but ${grads.length} gradients`, 'optimizerStep');
  params.forEach((p) => {
    if (!p.leaf || p.leaf.kind !== 'param') throw new StudioError('bad-input', 'only param leaves can be optimised', p.describe());
  });
  const gs = grads.map((g, i) => rules.get(params[i])?.grad?.(g, params[i]) ?? g);
  const { updates, gradNorm } = config.kind === 'sgd' ? sgdUpdates(params, gs, config, schedule) : adamUpdates(params, gs, config, schedule);
  return { updates: updates.map(([leaf, next]) => [leaf, rules.get(leaf)?.after?.(next) ?? next]), gradNorm };
}

function sgdUpdates(params: readonly Tensor[], grads: Tensor[], config: OptimizerConfig, schedule: Schedule): OptimizerStep {
  let gs = grads;
  let gradNorm: Tensor | undefined;
  if (config.clipNorm !== undefined) ({ grads: gs, norm: gradNorm } = clipByGlobalNorm(gs, config.clipNorm));
  return { updates: params.map((p, i) => [p, sub(p, mul(schedule.lr, gs[i]))]), gradNorm };
}

/*
 * Adam / AdamW with the moments kept as exponentially decayed sums, M = m/(1−β₁) and
 * V = v/(1−β₂): then M ← β₁M + g and V ← β₂V + g², two passes fewer per parameter than
 * β₁m + (1−β₁)g, and the constant factors move into the two scalars of the update. Outside the
 * matmuls the step is memory-bound, so passes over full-size tensors are what cost.
 *
 * With clipping (scale s_t = min(1, c/‖g‖)) the clipped gradient s_t·g is never written: the
 * moments are held divided by the latest scale, M̃ = M/s_t and Ṽ = V/s_t², so
 *   M̃_t = (β₁·s_{t−1}/s_t)·M̃_{t−1} + g,   Ṽ_t = (β₂·(s_{t−1}/s_t)²)·Ṽ_{t−1} + g²,
 * and M/(√V + ε) = M̃/(√Ṽ + ε/s_t) exactly: s moves into three scalars, one pass fewer per
 * parameter. s_{t−1} is the state `clipScale`; it starts at 0, where the moments are 0 too.
 */
function adamUpdates(params: readonly Tensor[], grads: Tensor[], config: OptimizerConfig, schedule: Schedule): OptimizerStep {
  const b1 = config.beta1 ?? 0.9;
  const b2 = config.beta2 ?? 0.999;
  const eps = config.eps ?? 1e-8;
  const updates: [Tensor, Tensor][] = [];
  let gradNorm: Tensor | undefined;
  let mDecay: number | Tensor = b1;
  let vDecay: number | Tensor = b2;
  let epsOver: number | Tensor = 1;
  if (config.clipNorm !== undefined) {
    gradNorm = sqrt(grads.map((g) => reduceSumSquare(g)).reduce((a, b) => add(a, b)));
    const s = clip(div(config.clipNorm, add(gradNorm, 1e-6)), 0, 1); // torch.nn.utils.clip_grad_norm_
    const previous = state(CLIP_SCALE, []);
    const r = div(previous, s);
    mDecay = mul(b1, r);
    vDecay = mul(b2, mul(r, r));
    epsOver = div(1, s);
    updates.push([previous, s]);
  }
  // Bias correction folded into two scalars (Kingma & Ba §2, last paragraph): with
  // c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ, m̂/(√v̂ + ε) = (√c₂/c₁)·m/(√v + ε√c₂) exactly; with m, v as sums,
  // = (√c₂/c₁)·((1−β₁)/√(1−β₂))·M/(√V + ε√c₂/√(1−β₂)).
  const c2 = sqrt(sub(1, pow(b2, schedule.step)));
  const stepSize = div(mul(schedule.lr, mul(c2, (1 - b1) / Math.sqrt(1 - b2))), sub(1, pow(b1, schedule.step)));
  const epsHat = mul(mul(eps / Math.sqrt(1 - b2), c2), epsOver);
  params.forEach((p, i) => {
    const name = p.leaf!.name;
    const m = state(`${name}.${MOMENT_SUMS[0]}`, p.shape);
    const v = state(`${name}.${MOMENT_SUMS[1]}`, p.shape);
    const m1 = add(mul(mDecay, m), grads[i]);
    const v1 = add(mul(vDecay, v), mul(grads[i], grads[i]));
    const decayed = config.kind === 'adamw' ? mul(p, sub(1, mul(schedule.lr, config.weightDecay ?? 0.01))) : p;
    updates.push([m, m1], [v, v1], [p, sub(decayed, mul(stepSize, div(m1, add(sqrt(v1), epsHat))))]);
  });
  return { updates, gradNorm };
}
