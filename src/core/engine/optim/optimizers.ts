import { StudioError } from '../../../shared/errors';
import { input, state, type Tensor } from '../ir/tensor';
import { add, div, mul, pow, sqrt, sub } from '../ops/elementwise';
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

export interface OptimizerStep {
  updates: [Tensor, Tensor][];
  /** The global gradient norm before clipping (only with clipNorm). */
  gradNorm?: Tensor;
}

/**
 * The update of every parameter as graph nodes, with its state leaves (`<param>.m`, `<param>.v`)
 * created here and carried by the Program. Adam follows Kingma & Ba 2015 Alg. 1 with bias
 * correction; AdamW follows torch.optim.AdamW: p ← p·(1 − lr·wd) before the Adam step.
 */
export function optimizerStep(params: readonly Tensor[], grads: readonly Tensor[], config: OptimizerConfig, schedule: Schedule, rules: ReadonlyMap<Tensor, ParamRule> = new Map()): OptimizerStep {
  if (params.length !== grads.length) throw new StudioError('internal', `${params.length} params but ${grads.length} gradients`, 'optimizerStep');
  let gs = grads.map((g, i) => rules.get(params[i])?.grad?.(g, params[i]) ?? g);
  let gradNorm: Tensor | undefined;
  if (config.clipNorm !== undefined) ({ grads: gs, norm: gradNorm } = clipByGlobalNorm(gs, config.clipNorm));
  const updates: [Tensor, Tensor][] = [];
  params.forEach((p, i) => {
    const name = p.leaf?.name;
    if (!name || p.leaf!.kind !== 'param') throw new StudioError('bad-input', 'only param leaves can be optimised', p.describe());
    const g = gs[i];
    let next: Tensor;
    if (config.kind === 'sgd') {
      next = sub(p, mul(schedule.lr, g));
    } else {
      const b1 = config.beta1 ?? 0.9;
      const b2 = config.beta2 ?? 0.999;
      const eps = config.eps ?? 1e-8;
      const m = state(`${name}.m`, p.shape);
      const v = state(`${name}.v`, p.shape);
      const m1 = add(m, mul(1 - b1, sub(g, m)));
      const v1 = add(v, mul(1 - b2, sub(mul(g, g), v)));
      // Bias correction folded into two scalars (Kingma & Ba §2, last paragraph): with
      // c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ, m̂/(√v̂ + ε) = (√c₂/c₁)·m/(√v + ε√c₂) exactly, which saves two
      // full-size passes per parameter; the step is memory-bound outside the matmuls.
      const c2 = sqrt(sub(1, pow(b2, schedule.step)));
      const stepSize = div(mul(schedule.lr, c2), sub(1, pow(b1, schedule.step)));
      const decayed = config.kind === 'adamw' ? mul(p, sub(1, mul(schedule.lr, config.weightDecay ?? 0.01))) : p;
      next = sub(decayed, mul(stepSize, div(m1, add(sqrt(v1), mul(eps, c2)))));
      updates.push([m, m1], [v, v1]);
    }
    updates.push([p, rules.get(p)?.after?.(next) ?? next]);
  });
  return { updates, gradNorm };
}
