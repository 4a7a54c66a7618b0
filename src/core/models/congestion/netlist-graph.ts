import { promises as fs } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import type { NetList, Rect } from './rudy';

/**
 * CircuitNet's graph demo (build_graph_demo, converted to JSON; ../shared/data/congestion/
 * SOURCES.md §3): instances with their placement in gcell units [left, bottom, right, top]
 * (inclusive gcell indices), pins naming an instance (or a bus of instances) and a net. Pin
 * offsets inside an instance are not in the data, so each pin is its instance's box: RUDY from
 * these boxes approximates CircuitNet's, it cannot equal it.
 */
interface GraphJson {
  design: string;
  layout: string;
  instances: { name: string[] };
  pins: { instance: (number | number[])[]; net: number[] };
  nets: string[];
  placementGcell: Record<string, [number, number, number, number]>;
}

export interface GraphNetList extends NetList {
  design: string;
  layout: string;
  /** pins dropped because their instance has no placement */
  unplaced: number;
}

/**
 * How a pin's position is guessed without its offset: the instance's whole box, or the centre of
 * its box as a point pin (see
 * docs/congestion.md for both correlations).
 */
export type PinModel = 'box' | 'center';

/** Reads a `<layout>.graph.json[.gz]` into a net list on a gcell grid of `nx` × `ny` unit gcells. */
export async function readGraphNetList(file: string, grid?: { nx: number; ny: number }, pinModel: PinModel = 'box'): Promise<GraphNetList> {
  let bytes: Uint8Array = await fs.readFile(file).catch((e: Error) => {
    throw new StudioError('not-found', `cannot read the net list: ${e.message}`, file);
  });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  let g: GraphJson;
  try {
    g = JSON.parse(new TextDecoder().decode(bytes)) as GraphJson;
  } catch (e) {
    throw new StudioError('bad-file', `not JSON: ${(e as Error).message}`, file);
  }
  for (const key of ['instances', 'pins', 'nets', 'placementGcell'] as const) {
    if (!g[key]) throw new StudioError('bad-file', `no '${key}' field`, `${file}: ${key}`);
  }
  const boxes: (Rect | null)[] = g.instances.name.map((name) => {
    const p = g.placementGcell[name];
    if (!p) return null;
    if (pinModel === 'box') return [p[0], p[1], p[2] + 1, p[3] + 1];
    const [cx, cy] = [(p[0] + p[2] + 1) / 2, (p[1] + p[3] + 1) / 2];
    return [cx, cy, cx, cy];
  });
  const pinsOfNet: Rect[][] = g.nets.map(() => []);
  let unplaced = 0;
  let maxX = 0;
  let maxY = 0;
  g.pins.net.forEach((net, i) => {
    const inst = g.pins.instance[i];
    const ids = Array.isArray(inst) ? inst : [inst];
    for (const id of ids) {
      const box = boxes[id];
      if (!box) {
        unplaced++;
        continue;
      }
      if (net < 0 || net >= pinsOfNet.length) throw new StudioError('bad-file', `pin ${i} names net ${net}, but there are ${pinsOfNet.length}`, `${file}: pins.net[${i}]`);
      pinsOfNet[net].push(box);
      maxX = Math.max(maxX, box[2]);
      maxY = Math.max(maxY, box[3]);
    }
  });
  const nx = grid?.nx ?? maxX;
  const ny = grid?.ny ?? maxY;
  return {
    design: g.design,
    layout: g.layout,
    unplaced,
    xEdges: Array.from({ length: nx + 1 }, (_, i) => i),
    yEdges: Array.from({ length: ny + 1 }, (_, i) => i),
    siteWidth: 0.1,
    nets: g.nets.map((name, k) => ({ name, pins: pinsOfNet[k] })),
  };
}
