import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { param, sizeOf, type Shape, type Tensor } from '../ir/tensor';

/** How a parameter starts. `uniform` draws from U(−bound, bound), `normal` from N(0, std²). */
export type Init = { zeros: true } | { ones: true } | { uniform: number } | { normal: number } | { values: Float32Array };

/**
 * Creates named parameters with their initial values from one seeded stream, so a model is
 * reproducible from (architecture, seed). Names are scoped with dots: `block0.attn.qkv.w`.
 */
export class Params {
  private readonly made: { tensor: Tensor; value: Float32Array }[];

  constructor(
    private readonly rng: Rng,
    private readonly prefix = '',
    made?: { tensor: Tensor; value: Float32Array }[],
  ) {
    this.made = made ?? [];
  }

  /** The same stream and list, with names under `name.`. */
  scope(name: string): Params {
    return new Params(this.rng, `${this.prefix}${name}.`, this.made);
  }

  create(name: string, shape: Shape, init: Init): Tensor {
    const full = `${this.prefix}${name}`;
    if (this.made.some((m) => m.tensor.leaf!.name === full)) throw new StudioError('conflict', `parameter '${full}' created twice`, full);
    const n = sizeOf(shape);
    let value: Float32Array;
    if ('values' in init) {
      if (init.values.length !== n) throw new StudioError('shape', `initial value of '${full}' has ${init.values.length} values, needs ${n}`, full);
      value = init.values;
    } else if ('zeros' in init) value = new Float32Array(n);
    else if ('ones' in init) value = new Float32Array(n).fill(1);
    else if ('uniform' in init) value = Float32Array.from({ length: n }, () => (2 * this.rng.next() - 1) * init.uniform);
    else value = Float32Array.from({ length: n }, () => this.rng.normal() * init.normal);
    const tensor = param(full, shape);
    this.made.push({ tensor, value });
    return tensor;
  }

  /** Every parameter created through this set or its scopes. */
  list(): Tensor[] {
    return this.made.map((m) => m.tensor);
  }

  /** Initial values by name, for `Program.compile`. */
  initial(): Record<string, Float32Array> {
    return Object.fromEntries(this.made.map((m) => [m.tensor.leaf!.name, m.value]));
  }
}
