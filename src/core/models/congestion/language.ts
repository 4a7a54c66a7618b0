import { StudioError } from '../../../shared/errors';
import { upperFor } from '../../../shared/charts/layoutHeatmap';
import type { Plane } from './grid';
import { plane, topTileMean } from './grid';
import * as im from './operators';

/**
 * The layout feature language: the studio's replacement for MLLMA's LLM-written OpenCV code
 * (ALGORITHMS-DETAIL §10 "offline implementation needs"). A feature is a scalar expression such
 * as `mean(mul(rudy, near(macro, 4)))`, parsed, type-checked and evaluated by the studio — never
 * executed as code — with a one-line English definition and an overlay (the map it reduces).
 */

export type Kind = 'map' | 'scalar';
export type Node = { op: string; args: Node[] } | { source: string } | { num: number };

interface NumArg {
  kind: 'num';
  min: number;
  max: number;
  int?: boolean;
}
type ArgSpec = { kind: Kind } | NumArg;
type Value = Plane | number;

interface OpSpec {
  out: Kind;
  args: ArgSpec[];
  /** one-line English, from the arguments' own descriptions */
  say: (a: string[], n: number[]) => string;
  run: (a: Value[]) => Value;
}

const M: ArgSpec = { kind: 'map' };
const S: ArgSpec = { kind: 'scalar' };
const num = (min: number, max: number, int = false): NumArg => ({ kind: 'num', min, max, int });
const P = (v: Value) => v as Plane;
const N = (v: Value) => v as number;
const zip = (a: Plane, b: Plane, f: (x: number, y: number) => number) => plane(a.h, a.w, Float32Array.from(a.data, (x, i) => f(x, b.data[i])));
/** Keeps ratios finite on maps normalised to [0, 1]. */
const EPS = 1e-3;
const pct = (q: number) => `${+((1 - q) * 100).toPrecision(3)}%`;

export const OPS: Record<string, OpSpec> = {
  above: { out: 'map', args: [M, num(0, 1)], say: ([a], [, t]) => `${a} ≥ ${t}`, run: ([a, t]) => im.above(P(a), N(t)) },
  top: { out: 'map', args: [M, num(0.5, 0.999)], say: ([a], [, q]) => `the top ${pct(q)} of ${a}`, run: ([a, q]) => im.topShare(P(a), N(q)) },
  near: { out: 'map', args: [M, num(1, 32, true)], say: ([a], [, r]) => `within ${r} px of ${a}`, run: ([a, r]) => plane(P(a).h, P(a).w, Float32Array.from(im.distanceTo(P(a)).data, (d) => (d <= N(r) ? 1 : 0))) },
  far: { out: 'map', args: [M, num(1, 32, true)], say: ([a], [, r]) => `farther than ${r} px from ${a}`, run: ([a, r]) => plane(P(a).h, P(a).w, Float32Array.from(im.distanceTo(P(a)).data, (d) => (d > N(r) ? 1 : 0))) },
  dist: { out: 'map', args: [M], say: ([a]) => `distance to ${a} (in map widths)`, run: ([a]) => plane(P(a).h, P(a).w, Float32Array.from(im.distanceTo(P(a)).data, (d) => d / P(a).w)) },
  edge: { out: 'map', args: [M], say: ([a]) => `the contour of ${a}`, run: ([a]) => im.contour(P(a)) },
  not: { out: 'map', args: [M], say: ([a]) => `outside ${a}`, run: ([a]) => plane(P(a).h, P(a).w, Float32Array.from(P(a).data, (v) => (v > 0.5 ? 0 : 1))) },
  large: { out: 'map', args: [M, num(2, 400, true)], say: ([a], [, n]) => `the parts of ${a} of ≥ ${n} px`, run: ([a, n]) => im.keepLarge(P(a), N(n)) },
  blur: { out: 'map', args: [M, num(1, 16, true)], say: ([a], [, r]) => `${a} averaged over ${2 * r + 1}×${2 * r + 1} px`, run: ([a, r]) => im.blur(P(a), N(r)) },
  localvar: { out: 'map', args: [M, num(1, 16, true)], say: ([a], [, r]) => `the local variance of ${a} over ${2 * r + 1}×${2 * r + 1} px`, run: ([a, r]) => im.localVariance(P(a), N(r)) },
  grad: { out: 'map', args: [M], say: ([a]) => `the gradient magnitude of ${a}`, run: ([a]) => im.gradient(P(a)) },
  tiles: { out: 'map', args: [M, num(2, 32, true)], say: ([a], [, k]) => `${a} averaged per tile of a ${k}×${k} grid`, run: ([a, k]) => im.tileMap(P(a), Math.max(1, Math.round(P(a).w / N(k)))) },
  mul: { out: 'map', args: [M, M], say: ([a, b]) => `(${a}) × (${b})`, run: ([a, b]) => zip(P(a), P(b), (x, y) => x * y) },
  add: { out: 'map', args: [M, M], say: ([a, b]) => `(${a}) + (${b})`, run: ([a, b]) => zip(P(a), P(b), (x, y) => x + y) },
  sub: { out: 'map', args: [M, M], say: ([a, b]) => `(${a}) − (${b})`, run: ([a, b]) => zip(P(a), P(b), (x, y) => x - y) },
  ratio: { out: 'map', args: [M, M], say: ([a, b]) => `(${a}) / (${b})`, run: ([a, b]) => zip(P(a), P(b), (x, y) => x / (Math.abs(y) + EPS)) },

  mean: { out: 'scalar', args: [M], say: ([a]) => `mean of ${a}`, run: ([a]) => im.stats(P(a)).mean },
  max: { out: 'scalar', args: [M], say: ([a]) => `max of ${a}`, run: ([a]) => im.stats(P(a)).max },
  std: { out: 'scalar', args: [M], say: ([a]) => `standard deviation of ${a}`, run: ([a]) => im.stats(P(a)).std },
  quantile: { out: 'scalar', args: [M, num(0.5, 0.999)], say: ([a], [, q]) => `the ${q} quantile of ${a}`, run: ([a, q]) => im.quantileOf(P(a), N(q)) },
  toptiles: { out: 'scalar', args: [M, num(1, 64, true)], say: ([a], [, k]) => `mean of the top ${k} of 16×16 tile means of ${a}`, run: ([a, k]) => topTileMean(P(a), N(k)) },
  components: { out: 'scalar', args: [M], say: ([a]) => `number of connected regions of ${a}`, run: ([a]) => im.components(P(a)).sizes.length - 1 },
  largest: { out: 'scalar', args: [M], say: ([a]) => `share of the map in the largest region of ${a}`, run: ([a]) => Math.max(0, ...im.components(P(a)).sizes.slice(1)) / P(a).data.length },
  perimeter: { out: 'scalar', args: [M], say: ([a]) => `contour length of ${a} (in map widths)`, run: ([a]) => im.stats(im.contour(P(a))).sum / P(a).w },
  hotspots: { out: 'scalar', args: [M, num(0.5, 0.999), num(1, 100, true)], say: ([a], [, q, n]) => `number of hot spots (regions of ≥ ${n} px in the top ${pct(q)}) of ${a}`, run: ([a, q, n]) => im.components(im.keepLarge(im.topShare(P(a), N(q)), N(n))).sizes.length - 1 },

  per: { out: 'scalar', args: [S, S], say: ([a, b]) => `(${a}) per (${b})`, run: ([a, b]) => N(a) / (Math.abs(N(b)) + EPS) },
  times: { out: 'scalar', args: [S, S], say: ([a, b]) => `(${a}) × (${b})`, run: ([a, b]) => N(a) * N(b) },
  minus: { out: 'scalar', args: [S, S], say: ([a, b]) => `(${a}) − (${b})`, run: ([a, b]) => N(a) - N(b) },
};

/** Short names of the input maps; any other imported channel is usable by its own name. */
export const SOURCES: Record<string, { channel: string; say: string }> = {
  macro: { channel: 'macro_region', say: 'macros' },
  rudy: { channel: 'RUDY', say: 'RUDY' },
  rudy_pin: { channel: 'RUDY_pin', say: 'pin RUDY' },
  rudy_long: { channel: 'RUDY_long', say: 'long-net RUDY' },
  rudy_short: { channel: 'RUDY_short', say: 'short-net RUDY' },
  cell_density: { channel: 'cell_density', say: 'cell density' },
};
/** The label map is what features explain; reading it would leak the answer. */
export const LABEL_CHANNEL = 'congestion';
/** Bigger definitions stop being interpretable (and slow the search). */
export const MAX_NODES = 16;

// ---- parsing -------------------------------------------------------------------------------

export function parseFeature(text: string, where = 'feature'): Node {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?|[(),]|\S/g) ?? [];
  let at = 0;
  const fail = (msg: string): never => {
    throw new StudioError('bad-input', `${msg} in "${text}"`, where);
  };
  const expr = (): Node => {
    const t = tokens[at++];
    if (t === undefined) return fail('unexpected end');
    if (/^[-+]?\d*\.?\d+/.test(t)) return { num: Number(t) };
    if (!/^[A-Za-z_]/.test(t)) return fail(`unexpected '${t}'`);
    if (tokens[at] !== '(') return { source: t };
    at++;
    const args: Node[] = [];
    if (tokens[at] !== ')') {
      for (;;) {
        args.push(expr());
        if (tokens[at] === ',') at++;
        else break;
      }
    }
    if (tokens[at++] !== ')') fail(`expected ')' after the arguments of ${t}`);
    return { op: t, args };
  };
  const node = expr();
  if (at !== tokens.length) fail(`unexpected '${tokens[at]}' after the expression`);
  const kind = check(node, where, text);
  if (kind !== 'scalar') fail('a feature must reduce to a number (wrap the map in mean, max, quantile, …)');
  if (size(node) > MAX_NODES) fail(`more than ${MAX_NODES} terms`);
  return node;
}

/** Type-checks a node: arity, argument kinds, number ranges, known maps. */
export function check(node: Node, where: string, text = print(node)): Kind | 'num' {
  if ('num' in node) return 'num';
  if ('source' in node) {
    if (node.source === LABEL_CHANNEL) throw new StudioError('bad-input', `'${LABEL_CHANNEL}' is the label map; a feature may not read it ("${text}")`, where);
    return 'map';
  }
  const spec = OPS[node.op];
  if (!spec) throw new StudioError('bad-input', `unknown operator '${node.op}' in "${text}" (known: ${Object.keys(OPS).join(', ')})`, where);
  if (node.args.length !== spec.args.length) throw new StudioError('bad-input', `${node.op} takes ${spec.args.length} arguments, got ${node.args.length} in "${text}"`, where);
  spec.args.forEach((a, i) => {
    const got = check(node.args[i], where, text);
    if (a.kind === 'num') {
      const v = (node.args[i] as { num: number }).num;
      if (got !== 'num') throw new StudioError('bad-input', `argument ${i + 1} of ${node.op} must be a number in "${text}"`, where);
      if (v < a.min || v > a.max || (a.int && !Number.isInteger(v))) throw new StudioError('bad-input', `argument ${i + 1} of ${node.op} must be ${a.int ? 'an integer ' : ''}in [${a.min}, ${a.max}], got ${v} in "${text}"`, where);
    } else if (got !== a.kind) throw new StudioError('bad-input', `argument ${i + 1} of ${node.op} must be a ${a.kind}, got a ${got} in "${text}"`, where);
  });
  return spec.out;
}

export const size = (n: Node): number => ('op' in n ? 1 + n.args.reduce((s, a) => s + size(a), 0) : 1);

export function print(n: Node): string {
  if ('num' in n) return String(+n.num.toPrecision(4));
  if ('source' in n) return n.source;
  return `${n.op}(${n.args.map(print).join(', ')})`;
}

/** One-line English definition. */
export function describe(n: Node): string {
  if ('num' in n) return String(n.num);
  if ('source' in n) return SOURCES[n.source]?.say ?? n.source;
  const spec = OPS[n.op];
  return spec.say(n.args.map(describe), n.args.map((a) => ('num' in a ? +a.num.toPrecision(4) : NaN)));
}

/** A short identifier made from the definition, e.g. mean_mul_rudy_near_macro_4. */
export const featureName = (n: Node): string => print(n).replace(/[^A-Za-z0-9.]+/g, '_').replace(/_+$/, '');

// ---- evaluation ----------------------------------------------------------------------------

/** A layout's maps plus a cache of sub-expressions, so shared parts (dist(macro)) run once per layout. */
export interface EvalContext {
  maps: Record<string, Plane>;
  memo: Map<string, Value>;
}

export const context = (maps: Record<string, Plane>): EvalContext => ({ maps, memo: new Map() });

export function evaluateNode(n: Node, ctx: EvalContext, where = 'feature'): Value {
  if ('num' in n) return n.num;
  const key = print(n);
  const hit = ctx.memo.get(key);
  if (hit !== undefined) return hit;
  let v: Value;
  if ('source' in n) {
    const channel = SOURCES[n.source]?.channel ?? n.source;
    const m = ctx.maps[channel];
    if (!m) throw new StudioError('not-found', `the layout has no '${channel}' map (has: ${Object.keys(ctx.maps).filter((k) => k !== LABEL_CHANNEL).join(', ')})`, where);
    v = m;
  } else v = OPS[n.op].run(n.args.map((a) => evaluateNode(a, ctx, where)));
  ctx.memo.set(key, v);
  return v;
}

export function evaluateFeature(n: Node, ctx: EvalContext, where = 'feature'): number {
  const v = evaluateNode(n, ctx, where) as number;
  return Number.isFinite(v) ? v : 0;
}

/** Where a feature measures: the outermost map it reduces (pre-order), evaluated on the layout. */
export function overlayNode(n: Node): Node | null {
  if (!('op' in n)) return null;
  for (const a of n.args) {
    if (('op' in a && OPS[a.op].out === 'map') || 'source' in a) return a;
  }
  for (const a of n.args) {
    const inner = overlayNode(a);
    if (inner) return inner;
  }
  return null;
}

/** Whether a node reads a RUDY map (RUDY, pin RUDY, long/short-net RUDY). */
export function readsRudy(n: Node): boolean {
  if ('source' in n) return (SOURCES[n.source]?.channel ?? n.source).startsWith('RUDY');
  return 'op' in n && n.args.some(readsRudy);
}

/** The quantile a feature's overlay is coloured up to: a map made from RUDY is coloured like RUDY (layoutHeatmap.ts). */
export function overlayUpper(n: Node): number {
  const at = overlayNode(n);
  return upperFor(at !== null && readsRudy(at));
}

export function overlay(n: Node, ctx: EvalContext): Plane | null {
  const o = overlayNode(n);
  return o ? (evaluateNode(o, ctx) as Plane) : null;
}
