import { Rng } from '../../io/rng';
import { check, MAX_NODES, OPS, parseFeature, print, size, type Node } from './language';

/**
 * The genetic operators of MLLMA's feature search, offline (ALGORITHMS-DETAIL §10 "template
 * mutations [studio] when no multimodal LLM is present"): crossover combines two definitions,
 * mutation perturbs one feature's numbers, operators or input maps. Every child is re-checked
 * by the language, so an operator can only ever produce a valid definition.
 */

/** The starting pool: one or two features per operator family, as a physical-design engineer would first try. */
export const SEED_FEATURES = [
  'mean(rudy)',
  'max(rudy)',
  'quantile(rudy, 0.99)',
  'toptiles(rudy, 20)',
  'mean(rudy_pin)',
  'toptiles(rudy_pin, 20)',
  'mean(macro)',
  'perimeter(macro)',
  'components(large(macro, 4))',
  'mean(mul(rudy, near(macro, 4)))',
  'mean(mul(rudy_pin, edge(macro)))',
  'mean(mul(dist(macro), top(rudy, 0.9)))',
  'max(localvar(rudy, 2))',
  'mean(grad(rudy))',
  'hotspots(rudy, 0.95, 4)',
  'std(tiles(rudy, 16))',
  'per(mean(rudy_pin), mean(rudy))',
  'mean(mul(rudy, not(macro)))',
];

/** Paths to every node of a tree, with the node's kind. */
function nodes(n: Node, path: number[] = [], out: { path: number[]; node: Node; kind: string }[] = []) {
  const kind = 'num' in n ? 'num' : 'source' in n ? 'map' : OPS[n.op].out;
  out.push({ path, node: n, kind });
  if ('op' in n) n.args.forEach((a, i) => nodes(a, [...path, i], out));
  return out;
}

function replaceAt(n: Node, path: number[], by: Node): Node {
  if (path.length === 0) return by;
  const op = n as { op: string; args: Node[] };
  return { op: op.op, args: op.args.map((a, i) => (i === path[0] ? replaceAt(a, path.slice(1), by) : a)) };
}

const valid = (n: Node): boolean => {
  try {
    return check(n, 'child') === 'scalar' && size(n) <= MAX_NODES;
  } catch {
    return false;
  }
};

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Ops with the same signature as `op` (same argument kinds and output), for operator swaps. */
function sameSignature(op: string): string[] {
  const sig = (o: string) => `${OPS[o].out}:${OPS[o].args.map((a) => a.kind).join(',')}`;
  return Object.keys(OPS).filter((o) => o !== op && sig(o) === sig(op));
}

/**
 * Crossover: a map-valued subtree of `a` replaced by one of `b` (typed subtree crossover), or,
 * one time in four, the two features combined as a ratio (MLLMA's "combine two features").
 */
export function crossover(a: Node, b: Node, rng: Rng): Node | null {
  for (let attempt = 0; attempt < 10; attempt++) {
    let child: Node;
    if (rng.next() < 0.25) child = { op: pick(rng, ['per', 'minus']), args: [a, b] };
    else {
      const targets = nodes(a).filter((x) => x.kind === 'map');
      const donors = nodes(b).filter((x) => x.kind === 'map');
      if (!targets.length || !donors.length) continue;
      child = replaceAt(a, pick(rng, targets).path, pick(rng, donors).node);
    }
    if (valid(child) && print(child) !== print(a) && print(child) !== print(b)) return child;
  }
  return null;
}

/** Mutation: one number scaled by up to ×/÷2 (kept in range), one operator swapped for a same-signature one, or one input map swapped. */
export function mutate(f: Node, rng: Rng, sources: readonly string[]): Node | null {
  for (let attempt = 0; attempt < 10; attempt++) {
    const all = nodes(f);
    const target = pick(rng, all);
    let by: Node | null = null;
    if ('num' in target.node) {
      const parent = all.find((x) => x.path.length === target.path.length - 1 && x.path.every((p, i) => p === target.path[i]))!.node as { op: string };
      const spec = OPS[parent.op].args[target.path.at(-1)!] as { min: number; max: number; int?: boolean };
      let v = target.node.num * Math.exp((rng.next() * 2 - 1) * Math.LN2);
      // Quantile-like arguments live near 1: perturb their distance to 1 instead.
      if (spec.max < 1) v = 1 - (1 - target.node.num) * Math.exp((rng.next() * 2 - 1) * Math.LN2);
      v = Math.min(spec.max, Math.max(spec.min, spec.int ? Math.round(v) : +v.toPrecision(3)));
      by = { num: v };
    } else if ('source' in target.node) {
      const others = sources.filter((s) => s !== (target.node as { source: string }).source);
      if (others.length) by = { source: pick(rng, others) };
    } else {
      const swaps = sameSignature(target.node.op);
      if (swaps.length) by = { op: pick(rng, swaps), args: target.node.args };
    }
    if (!by) continue;
    const child = replaceAt(f, target.path, by);
    if (valid(child) && print(child) !== print(f)) return child;
  }
  return null;
}

/** MLLMA's mutation probability for the feature of importance rank ρ (1 = best). */
export const mutationProbability = (rank: number): number => Math.exp(-rank / 20);

export const seedPool = (): Node[] => SEED_FEATURES.map((t) => parseFeature(t, 'seed pool'));
