import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { sharedDataFile } from '../../io/appRoot';
import { pearson, spearman } from '../common/rank-metrics';
import { readGraphNetList, type PinModel } from './netlist-graph';
import { readMapNpy } from './npy-maps';
import { computeRudy } from './rudy';
import { congestionDir } from './layouts';

/**
 * RUDY computed from a net list, compared with CircuitNet's own maps (issue 23, "RUDY from the
 * N28 net lists correlates with CircuitNet's RUDY maps"). The shared N28 demo has net lists and
 * maps of different layouts of the same design: 2017-RISCY-b-…-p6 (net list) and 2012-RISCY-b-…-p1
 * (maps) share design, utilisation 0.7 and macro placement m1 and differ in the power mesh, so
 * the correlation also carries placement differences, besides the missing pin offsets.
 */
export interface RudyComparison {
  layout: string;
  reference: string;
  nets: number;
  pinModel: PinModel;
  pearson: number;
  spearman: number;
  pinPearson: number | null;
  seconds: number;
}

export interface RudyPair {
  netList: string;
  rudy: string;
  rudyPin?: string;
}

/** The pair available in ../shared/data/congestion (BSD 3-Clause, circuitnet/CircuitNet). */
export function n28DemoPairs(): RudyPair[] {
  const base = sharedDataFile('congestion');
  return [
    {
      netList: path.join(base, 'n28_graph_demo', '2017-RISCY-b-1-c2-u0.7-m1-p6-f0.graph.json.gz'),
      rudy: path.join(base, 'n28_feature_extraction_demo', '2012-RISCY-b-1-c2-u0.7-m1-p1-f0__RUDY.npy.gz'),
      rudyPin: path.join(base, 'n28_feature_extraction_demo', '2012-RISCY-b-1-c2-u0.7-m1-p1-f0__RUDY_pin.npy.gz'),
    },
  ];
}

export async function compareRudy(pair: RudyPair, pinModel: PinModel = 'box'): Promise<RudyComparison> {
  const t0 = performance.now();
  const ref = await readMapNpy(pair.rudy);
  if (ref.channels !== 1) throw new StudioError('shape', `a reference RUDY map has one channel, this one has ${ref.channels}`, pair.rudy);
  const nl = await readGraphNetList(pair.netList, { nx: ref.height, ny: ref.width }, pinModel);
  const maps = computeRudy(nl);
  let pinPearson: number | null = null;
  if (pair.rudyPin) {
    const refPin = await readMapNpy(pair.rudyPin);
    if (refPin.height !== ref.height || refPin.width !== ref.width) throw new StudioError('shape', `pin RUDY is ${refPin.height}×${refPin.width}, RUDY ${ref.height}×${ref.width}`, pair.rudyPin);
    pinPearson = pearson(maps.rudyPin.data, refPin.data);
  }
  return {
    layout: nl.layout,
    reference: path.basename(pair.rudy).replace(/\.npy(\.gz)?$/, ''),
    nets: nl.nets.length,
    pinModel,
    pearson: pearson(maps.rudy.data, ref.data),
    spearman: spearman(maps.rudy.data, ref.data),
    pinPearson,
    seconds: (performance.now() - t0) / 1000,
  };
}

export const rudyFile = (projectDir: string) => path.join(congestionDir(projectDir), 'rudy.json');

/** The last RUDY check saved in the project, or null. */
export async function readRudyCheck(projectDir: string): Promise<RudyComparison[] | null> {
  const text = await fs.readFile(rudyFile(projectDir), 'utf8').catch(() => null);
  return text ? (JSON.parse(text) as RudyComparison[]) : null;
}
