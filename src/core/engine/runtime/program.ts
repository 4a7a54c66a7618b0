import { StudioError } from '../../../shared/errors';
import { exportLoop, exportStep, nextName, type IOSpec, type StepSpec } from '../onnx/export';
import { EngineSession, zerosFor, type HostArray, type SessionOptions } from './session';
import type { Provider } from './providers';

export interface ProgramOptions extends SessionOptions {
  /**
   * Steps per call (default 1). Above 1 the step runs inside an ONNX Loop, so parameters and
   * optimizer state cross the host boundary once per K micro-batches (on a GPU they stay on
   * the device); every fed input is then stacked as [K, ...shape] and every result comes back
   * as [K, ...shape].
   */
  steps?: number;
}

/**
 * A compiled step bound to host-owned parameter and state arrays. Each `run` feeds a batch and
 * the held values, runs the whole step in one `session.run`, and takes ownership of the updated
 * arrays the runtime returns (the Node binding copies each output into a fresh buffer; passing
 * pre-allocated `fetches` makes ORT write into them but the binding still returns a copy, so
 * there is nothing to gain; `npm run bench -- engine-fetches` measures it). Held arrays are
 * replaced, not mutated: read them through `value`. With `steps` > 1 the copies happen once
 * per K steps.
 */
export class Program {
  private running = false;

  private constructor(
    private readonly session: EngineSession,
    private readonly held: Map<string, HostArray>,
    private readonly updated: readonly string[],
    private readonly feedNames: readonly string[],
    private readonly resultNames: readonly string[],
    readonly steps: number,
  ) {}

  /**
   * Compiles `spec`. `initial` gives every param (required) and any state (zeros when omitted)
   * by leaf name; the arrays are taken over, not copied.
   */
  static async compile(spec: StepSpec, initial: Readonly<Record<string, HostArray>>, options: ProgramOptions = {}): Promise<Program> {
    const steps = options.steps ?? 1;
    const model = steps === 1 ? exportStep(spec) : exportLoop(spec, steps);
    const heldSpecs = model.inputs.filter((i) => i.kind !== 'input');
    const held = new Map<string, HostArray>();
    for (const s of heldSpecs) {
      const given = initial[s.name];
      if (!given && s.kind === 'param') throw new StudioError('bad-input', `no initial value for parameter '${s.name}'`, s.name);
      const value = given ?? zerosFor(s);
      checkHeld(s.name, value, s);
      held.set(s.name, value);
    }
    for (const name of Object.keys(initial)) {
      if (!held.has(name)) throw new StudioError('bad-input', `'${name}' is not a parameter or state of this step`, name);
    }
    const session = await EngineSession.create(model, options);
    return new Program(
      session,
      held,
      spec.updates.map(([leaf]) => leaf.leaf!.name),
      model.inputs.filter((i) => i.kind === 'input').map((i) => i.name),
      Object.keys(spec.outputs),
      steps,
    );
  }

  /** The provider that runs the step, and why it differs from the requested one, if it does. */
  get provider(): Provider {
    return this.session.provider;
  }

  get providerNote(): string | undefined {
    return this.session.note;
  }

  /** Names of the values fed per call (batch inputs and schedule scalars). */
  get inputs(): readonly string[] {
    return this.feedNames;
  }

  /** Current value of a param or state leaf. Replaced after every run: do not keep it across runs. */
  value(name: string): HostArray {
    const v = this.held.get(name);
    if (!v) throw new StudioError('not-found', `no parameter or state named '${name}'`, name);
    return v;
  }

  /** Replaces a held value (e.g. when resuming from a checkpoint). */
  set(name: string, data: HostArray): void {
    const spec = this.session.model.inputs.find((i) => i.name === name && this.held.has(name));
    if (!spec) throw new StudioError('not-found', `no parameter or state named '${name}'`, name);
    checkHeld(name, data, spec);
    this.held.set(name, data);
  }

  /** Runs one call (1 or K steps) and returns the named results. */
  async run(feeds: Readonly<Record<string, HostArray>>): Promise<Record<string, HostArray>> {
    // Each run reads the held values the previous one produced; two at once would train on stale state.
    if (this.running) throw new StudioError('conflict', 'a step of this program is already running; await it first', 'Program.run');
    for (const name of Object.keys(feeds)) {
      if (this.held.has(name)) throw new StudioError('bad-input', `'${name}' is a parameter or state held by the program, not a feed`, name);
    }
    const all: Record<string, HostArray> = { ...feeds };
    for (const [name, value] of this.held) all[name] = value;
    this.running = true;
    let out: Record<string, HostArray>;
    try {
      out = await this.session.run(all);
    } finally {
      this.running = false;
    }
    for (const name of this.updated) this.held.set(name, out[nextName(name)]);
    const results: Record<string, HostArray> = {};
    for (const name of this.resultNames) results[name] = out[name];
    return results;
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

function checkHeld(name: string, data: HostArray, spec: IOSpec): void {
  const want = zerosFor(spec);
  if (data.constructor !== want.constructor || data.length !== want.length) {
    throw new StudioError('shape', `'${name}' needs ${want.length} values of ${spec.dtype} [${spec.shape.join(',')}], got ${data.length} in a ${data.constructor.name}`, name);
  }
}
