import type { Tensor } from '../ir/tensor';
import { grad } from '../autodiff/grad';
import type { StepSpec } from '../onnx/export';
import { optimizerStep, scheduleInputs, type OptimizerConfig, type ParamRule } from './optimizers';

export interface TrainStepOptions {
  /** Scalar loss to minimise. */
  loss: Tensor;
  params: readonly Tensor[];
  optimizer: OptimizerConfig;
  /** Per-parameter gradient and post-update transforms (inside the graph). */
  rules?: ReadonlyMap<Tensor, ParamRule>;
  /** Extra results returned each step (L0, separate loss terms, …). `loss` is always returned. */
  outputs?: Record<string, Tensor>;
  /** New values for non-trainable state carried between steps (EMA thresholds, dead-latent counters). */
  stateUpdates?: ReadonlyArray<readonly [Tensor, Tensor]>;
}

/**
 * One training step as a StepSpec: loss, gradients, optimizer update and state updates in one
 * graph, with `lr` and `step` as fed scalars. Compile it with `Program.compile`.
 */
export function trainStep(options: TrainStepOptions): StepSpec {
  const schedule = scheduleInputs();
  const grads = grad(options.loss, options.params);
  const { updates, gradNorm } = optimizerStep(options.params, grads, options.optimizer, schedule, options.rules);
  const outputs: Record<string, Tensor> = { loss: options.loss, ...options.outputs };
  if (gradNorm) outputs.gradNorm = gradNorm;
  return { updates: [...updates, ...(options.stateUpdates ?? [])], outputs };
}
