/**
 * A layout map (congestion, RUDY, a feature's overlay) as a standalone SVG heat map: the same
 * picture on the Congestion screen and in the suggestion deck's PDF pages. Values are drawn
 * min-max scaled (or up to a quantile: colourRange) on a white → orange → dark-red ramp; an
 * optional outline mask (macros) is drawn over it in blue. Maps larger than `cells` per side are
 * mean-pooled first so the SVG stays small (64 × 64 = 4,096 rectangles at most).
 */
export interface HeatmapInput {
  h: number;
  w: number;
  /** row-major [h, w]; rows are drawn top to bottom */
  values: ArrayLike<number>;
  /** 0/1 map of the same shape drawn as a translucent blue layer */
  mask?: ArrayLike<number>;
  /** the quantile drawn at full colour (default 1: the maximum); see colourRange */
  upper?: number;
}

const RAMP: [number, number, number][] = [
  [255, 255, 255],
  [253, 186, 116],
  [234, 88, 12],
  [127, 29, 29],
];

export function rampColour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((v, k) => Math.round(v + (RAMP[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Mean-pools a map to at most `cells` per side. */
export function poolForDisplay(input: { h: number; w: number; values: ArrayLike<number> }, cells = 64): { h: number; w: number; values: number[] } {
  const f = Math.max(1, Math.ceil(Math.max(input.h, input.w) / cells));
  const h = Math.ceil(input.h / f);
  const w = Math.ceil(input.w / f);
  const sum = new Array<number>(h * w).fill(0);
  const count = new Array<number>(h * w).fill(0);
  for (let y = 0; y < input.h; y++) {
    for (let x = 0; x < input.w; x++) {
      const t = Math.floor(y / f) * w + Math.floor(x / f);
      sum[t] += input.values[y * input.w + x];
      count[t]++;
    }
  }
  return { h, w, values: sum.map((s, i) => s / count[i]) };
}

/**
 * The values the ramp spans: the minimum to the `upper` quantile. Below 1, a thin band of extreme
 * cells is drawn at full colour instead of washing the rest out to white (CircuitNet's RUDY maps
 * have one along the die's top edge: 1.6% of a 64 × 64 map, up to ten times the interior); not
 * the default, since on the congestion label a few hot cells over a flat floor are the message.
 * A map whose top share is its only part above the minimum keeps its maximum.
 */
export function colourRange(values: readonly number[], upper = 1): { lo: number; hi: number } {
  const sorted = Float64Array.from(values).sort();
  const lo = sorted[0] ?? 0;
  const q = sorted[Math.floor(upper * (sorted.length - 1))] ?? lo;
  return { lo, hi: q > lo ? q : (sorted.at(-1) ?? lo) };
}

/** RUDY maps are coloured up to this quantile: past the hot band along the die's edge (colourRange). */
export const RUDY_UPPER = 0.98;

/**
 * The quantile a map is coloured up to: RUDY_UPPER for a RUDY layer (RUDY, RUDY_pin, …) or a map
 * made from one, the maximum for the rest (macros, the congestion label).
 */
export const upperFor = (rudyBased: boolean) => (rudyBased ? RUDY_UPPER : 1);
export const layerUpper = (channel: string) => upperFor(channel.startsWith('RUDY'));

export function layoutHeatmapSvg(input: HeatmapInput, size = 240, cells = 64): string {
  const map = poolForDisplay(input, cells);
  const mask = input.mask ? poolForDisplay({ h: input.h, w: input.w, values: input.mask }, cells) : null;
  const { lo, hi } = colourRange(map.values, input.upper);
  const span = hi - lo || 1;
  const cw = size / map.w;
  const ch = size / map.h;
  const rects: string[] = [];
  for (let y = 0; y < map.h; y++) {
    for (let x = 0; x < map.w; x++) {
      const v = (map.values[y * map.w + x] - lo) / span;
      if (v > 0.01) rects.push(`<rect x="${(x * cw).toFixed(2)}" y="${(y * ch).toFixed(2)}" width="${(cw + 0.05).toFixed(2)}" height="${(ch + 0.05).toFixed(2)}" fill="${rampColour(v)}"/>`);
      if (mask && mask.values[y * map.w + x] > 0.5) rects.push(`<rect x="${(x * cw).toFixed(2)}" y="${(y * ch).toFixed(2)}" width="${(cw + 0.05).toFixed(2)}" height="${(ch + 0.05).toFixed(2)}" fill="rgb(37,99,235)" fill-opacity="0.25"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><rect width="${size}" height="${size}" fill="#ffffff" stroke="#7b8794"/>${rects.join('')}</svg>`;
}
