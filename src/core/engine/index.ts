/**
 * The compute engine: a graph IR with reverse-mode autodiff, compiled to ONNX (opset 20) and run
 * on ONNX Runtime. Typical use:
 *
 *   const ps = new Params(new Rng(seed));
 *   const mlp = new Mlp(ps, [d, h, d]);
 *   const x = input('x', [B, d]);
 *   const err = ops.sub(mlp.forward(x), x);
 *   const loss = ops.reduceMean(ops.mul(err, err));
 *   const program = await Program.compile(trainStep({ loss, params: ps.list(), optimizer: { kind: 'adam' } }), ps.initial());
 *   const { loss: l } = await program.run({ x: batch, lr: Float32Array.of(1e-3), step: Float32Array.of(t) });
 *   program.value('fc0.w'); // current weights (a fresh array after every run)
 *
 * Everything a step needs is in the graph: gradients (`grad`), optimizer update, per-parameter
 * gradient and post-update transforms (`ParamRule`), non-trainable state updates, extra outputs.
 */
import * as ops from './ops';

export { ops };
export { Tensor, input, param, state, constant, scalar, sizeOf, type DType, type Shape, type LeafKind } from './ir/tensor';
export { grad } from './autodiff/grad';
export { exportStep, exportLoop, OPSET, type StepSpec, type OnnxModel, type IOSpec } from './onnx/export';
export { EngineSession, type HostArray, type SessionOptions } from './runtime/session';
export { Program, type ProgramOptions } from './runtime/program';
export { runRowChunks } from './runtime/chunks';
export { withHugePages, hugePagesRequested, hugePagesInfo } from './runtime/huge-pages';
export { resolveProvider, cudaBinariesPresent, CUDA_INSTALL_HINT, type Provider, type ProviderChoice } from './runtime/providers';
export { optimizerStep, MOMENT_SUMS, CLIP_SCALE, OPTIMIZER_STATE_WHEN_ABSENT, scheduleInputs, type OptimizerConfig, type ParamRule, type Schedule } from './optim/optimizers';
export { clipByGlobalNorm } from './optim/clip';
export { trainStep, type TrainStepOptions } from './optim/train-step';
export { Params, type Init } from './nn/params';
export { Linear, Embedding, LayerNorm, Mlp, type Activation } from './nn/layers';
export { CausalSelfAttention, causalMask } from './nn/attention';
export { selectedLinear, sparseDecode, type WeightGrad } from './nn/sparse';
export { batchEntries, atEntries, entryLinear, entryDecode, entriesFired, type BatchEntries } from './nn/budget';
export { Gpt, GptBlock, type GptConfig, type GptOutput } from './nn/gpt';
