import { StudioError } from '../../../shared/errors';
import { leavesOf, topoSort } from '../ir/graph';
import type { DType, Tensor } from '../ir/tensor';
import '../ops';
import { Lowerer } from './lower';
import { onnx, valueInfo, type GraphProto, type NodeProto } from './proto';

/*
 * Opset 20 (IR version 9): it has every kernel the lowering uses as one op — LayerNormalization
 * (17), reductions with axes as inputs (18), Gelu (20) — and ORT 1.30's CPU and CUDA providers
 * implement all of them. One opset for every model keeps the lowering table single-valued.
 */
export const OPSET = 20;
const IR_VERSION = 9;

export interface IOSpec {
  name: string;
  shape: number[];
  dtype: DType;
  /** For graph inputs: whether the value is fed per call or held by the host between calls. */
  kind?: 'input' | 'param' | 'state';
}

export interface OnnxModel {
  bytes: Uint8Array;
  inputs: IOSpec[];
  outputs: IOSpec[];
}

/** A training (or evaluation) step: new values for host-owned leaves plus named results. */
export interface StepSpec {
  /** [param or state leaf, its value after the step]. */
  updates: ReadonlyArray<readonly [Tensor, Tensor]>;
  /** Results returned each step (loss, L0, …). */
  outputs: Readonly<Record<string, Tensor>>;
}

export const nextName = (leafName: string) => `${leafName}__next`;

const io = (t: Tensor, name: string, lead: number[] = []): IOSpec => ({ name, shape: [...lead, ...t.shape], dtype: t.dtype });
const leafIO = (t: Tensor, lead: number[] = []): IOSpec => ({ ...io(t, t.leaf!.name, lead), kind: t.leaf!.kind as IOSpec['kind'] });

/** A graph as ONNX model bytes at the engine's IR version and opset. */
export function encode(graph: GraphProto): Uint8Array {
  const model = onnx.ModelProto.create({ irVersion: IR_VERSION, opsetImport: [{ domain: '', version: OPSET }], producerName: 'feature-studio', graph });
  return onnx.ModelProto.encode(model).finish();
}

function checkUpdates(spec: StepSpec): void {
  for (const [leaf, next] of spec.updates) {
    if (!leaf.leaf || (leaf.leaf.kind !== 'param' && leaf.leaf.kind !== 'state')) throw new StudioError('bad-input', 'only param and state leaves can be updated', leaf.describe());
    if (leaf.dtype !== next.dtype || leaf.shape.length !== next.shape.length || leaf.shape.some((d, i) => d !== next.shape[i])) {
      throw new StudioError('shape', `update of '${leaf.leaf.name}' has ${next.describe()}, expected [${leaf.shape.join(',')}] ${leaf.dtype}`, leaf.leaf.name);
    }
  }
}

function specIO(spec: StepSpec) {
  checkUpdates(spec);
  const results = [...spec.updates.map(([, next]) => next), ...Object.values(spec.outputs)];
  const names = [...spec.updates.map(([leaf]) => nextName(leaf.leaf!.name)), ...Object.keys(spec.outputs)];
  const nodes = topoSort([...results, ...spec.updates.map(([leaf]) => leaf)]);
  leavesOf(nodes, ['input', 'param', 'state']); // one name, one tensor, across kinds too
  const feeds = leavesOf(nodes, ['input']);
  const held = leavesOf(nodes, ['param', 'state']);
  const taken = new Set([...feeds, ...held].map((t) => t.leaf!.name));
  for (const name of Object.keys(spec.outputs)) {
    if (taken.has(name)) throw new StudioError('conflict', `output '${name}' has the name of an input, parameter or state`, name);
  }
  return { results, names, feeds, held };
}

/** One step as one ONNX graph: every leaf is a graph input, every update and result an output. */
export function exportStep(spec: StepSpec): OnnxModel {
  const { results, names, feeds, held } = specIO(spec);
  const lowerer = new Lowerer();
  const nodes: NodeProto[] = [];
  lowerer.lower(results, names, nodes, (leaf) => leaf.leaf!.name);
  const inputs = [...held, ...feeds].map((t) => leafIO(t));
  const outputs = results.map((t, i) => io(t, names[i]));
  const graph: GraphProto = {
    name: 'step',
    node: nodes,
    initializer: lowerer.initializersReadBy(nodes),
    input: inputs.map((s) => valueInfo(s.name, s.dtype, s.shape)),
    output: outputs.map((s) => valueInfo(s.name, s.dtype, s.shape)),
  };
  return { bytes: encode(graph), inputs, outputs };
}

/**
 * K steps in one call: an ONNX Loop whose body is the step, carrying the updated leaves from one
 * iteration to the next so they never leave the device between micro-batches. Every `input`
 * leaf is fed stacked as [K, ...shape] and the body reads slice `iter`; results come back
 * stacked as [K, ...shape]; updated leaves come back once, after the last step.
 */
export function exportLoop(spec: StepSpec, steps: number): OnnxModel {
  if (!Number.isInteger(steps) || steps < 1) throw new StudioError('bad-input', `steps must be a positive integer, got ${steps}`, 'steps');
  const { results, names, feeds, held } = specIO(spec);
  const lowerer = new Lowerer();
  const carried = spec.updates.map(([leaf]) => leaf);
  const carriedIds = new Set(carried.map((t) => t.id));
  const body: NodeProto[] = [];
  for (const f of feeds) body.push({ opType: 'Gather', input: [f.leaf!.name, 'loop__iter'], output: [`${f.leaf!.name}__k`], attribute: [{ name: 'axis', type: 2, i: 0 }] });
  const bodyOut = names.map((n, i) => (i < carried.length ? `${n}__body` : `${n}__scan`));
  lowerer.lower(results, bodyOut, body, (leaf) => (leaf.leaf!.kind === 'input' ? `${leaf.leaf!.name}__k` : carriedIds.has(leaf.id) ? `${leaf.leaf!.name}__in` : leaf.leaf!.name));
  body.push({ opType: 'Identity', input: ['loop__cond_in'], output: ['loop__cond_out'] });
  const bodyGraph: GraphProto = {
    name: 'step_body',
    node: body,
    input: [valueInfo('loop__iter', 'int64', []), valueInfo('loop__cond_in', 'bool', []), ...carried.map((t) => valueInfo(`${t.leaf!.name}__in`, t.dtype, t.shape))],
    output: [valueInfo('loop__cond_out', 'bool', []), ...results.map((t, i) => valueInfo(bodyOut[i], t.dtype, t.shape))],
  };
  const scanNames = names.slice(carried.length);
  const loop: NodeProto = {
    opType: 'Loop',
    input: ['loop__trip', 'loop__cond', ...carried.map((t) => t.leaf!.name)],
    output: [...names.slice(0, carried.length), ...scanNames],
    attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: bodyGraph }],
  };
  const inputs = [...held.map((t) => leafIO(t)), ...feeds.map((t) => leafIO(t, [steps]))];
  const outputs = results.map((t, i) => io(t, names[i], i < carried.length ? [] : [steps]));
  const graph: GraphProto = {
    name: 'steps',
    node: [loop],
    initializer: [
      ...lowerer.initializersReadBy(body),
      { name: 'loop__trip', dims: [], dataType: 7, rawData: new Uint8Array(BigInt64Array.of(BigInt(steps)).buffer) },
      { name: 'loop__cond', dims: [], dataType: 9, rawData: Uint8Array.of(1) },
    ],
    input: inputs.map((s) => valueInfo(s.name, s.dtype, s.shape)),
    output: outputs.map((s) => valueInfo(s.name, s.dtype, s.shape)),
  };
  return { bytes: encode(graph), inputs, outputs };
}
