/** What a planned run costs, before launch: arithmetic per step, time at a nominal rate, memory. */
export interface RunPlan {
  arch: string;
  /** input dims d */
  dims: number;
  /** dictionary width m */
  width: number;
  batchSize: number;
  steps: number;
  /** active latents per row for TopK-style architectures (sparse decode) */
  k?: number;
}

export interface RunEstimate {
  flopsPerStep: number;
  seconds: number;
  bytes: number;
}

/**
 * A sustained training rate in FLOP/s for the estimate. DESIGN.md measured ONNX Runtime at
 * about 167 GFLOP/s on a bare matmul on 2 CPU cores; a whole SAE step (elementwise work,
 * TopK, the optimizer) reaches a fraction of that, so the estimate assumes 40.
 */
export const NOMINAL_FLOPS = 40e9;

const SPARSE_DECODE = new Set(['topk', 'batchtopk']);

/**
 * Encoder forward and its weight gradient cost 2·B·d·m each, plus the input gradient for the
 * decoder; a dense decoder costs the same again, a sparse one (TopK's gathered rows) 2·B·k·d
 * per pass. Memory: weights, their gradients and two Adam moments (4 × (2md + m + d) floats),
 * plus about four B × m and four B × d float buffers of activations and their gradients.
 */
export function estimateRun(plan: RunPlan, flops = NOMINAL_FLOPS): RunEstimate {
  const { dims: d, width: m, batchSize: B } = plan;
  const encoder = 3 * 2 * B * d * m;
  const decoder = SPARSE_DECODE.has(plan.arch) && plan.k ? 3 * 2 * B * plan.k * d : 3 * 2 * B * m * d;
  const flopsPerStep = encoder + decoder;
  const params = 2 * m * d + m + d;
  const bytes = 4 * (4 * params + 4 * B * m + 4 * B * d);
  return { flopsPerStep, seconds: (flopsPerStep * plan.steps) / flops, bytes };
}

/** A sweep trains its runs side by side on the same batches: the costs add up. */
export function estimateSweep(plans: readonly RunPlan[], flops = NOMINAL_FLOPS): RunEstimate {
  return plans.map((p) => estimateRun(p, flops)).reduce((a, b) => ({ flopsPerStep: a.flopsPerStep + b.flopsPerStep, seconds: a.seconds + b.seconds, bytes: a.bytes + b.bytes }), { flopsPerStep: 0, seconds: 0, bytes: 0 });
}

/** "1.5 GB"-style byte counts. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 && u > 0 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
