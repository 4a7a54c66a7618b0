/**
 * Writes the figures of docs/congestion.md:
 *   npx tsx scripts/congestion-figures.ts --project DIR
 * docs/figures/congestion-rudy.svg: RUDY computed from the N28 graph demo's net list next to
 * CircuitNet's RUDY map (../shared/data/congestion, BSD 3-Clause), and
 * docs/figures/congestion-search.svg: the search curve of the project's search.json.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { layoutHeatmapSvg } from '../src/shared/charts/layoutHeatmap';
import { searchCurveOption } from '../src/shared/charts/searchCurve';
import { lightChartTheme } from '../src/shared/charts/theme';
import { appRoot } from '../src/core/io/appRoot';
import { chartSvg } from '../src/core/reports/svg';
import { n28DemoPairs } from '../src/core/models/congestion/rudy-check';
import { readGraphNetList } from '../src/core/models/congestion/netlist-graph';
import { readMapNpy } from '../src/core/models/congestion/npy-maps';
import { computeRudy } from '../src/core/models/congestion/rudy';
import { readSearch } from '../src/core/models/congestion/workspace';

const { values } = parseArgs({ options: { project: { type: 'string' } } });
const out = path.join(appRoot(), 'docs', 'figures');
await fs.mkdir(out, { recursive: true });
const [pair] = n28DemoPairs();
const ref = await readMapNpy(pair.rudy);
const ours = computeRudy(await readGraphNetList(pair.netList, { nx: ref.height, ny: ref.width })).rudy;
const panel = (svg: string, x: number, caption: string) => `<g transform="translate(${x},0)">${svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '')}<text x="140" y="300" font-size="12" text-anchor="middle" font-family="DejaVu Sans, sans-serif">${caption}</text></g>`;
const size = 280;
const a = layoutHeatmapSvg({ h: ours.h, w: ours.w, values: ours.data }, size, 64);
const b = layoutHeatmapSvg({ h: ref.height, w: ref.width, values: ref.data }, size, 64);
await fs.writeFile(path.join(out, 'congestion-rudy.svg'), `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * size + 20}" height="${size + 30}">${panel(a, 0, 'studio: RUDY from 2017-RISCY-b net list')}${panel(b, size + 20, 'CircuitNet: RUDY of 2012-RISCY-b')}</svg>\n`);
if (values.project) {
  const search = await readSearch(path.resolve(values.project));
  if (search) await fs.writeFile(path.join(out, 'congestion-search.svg'), chartSvg(searchCurveOption(search.history, lightChartTheme), 640, 300) + '\n');
}
console.log(`figures in ${out}`);
