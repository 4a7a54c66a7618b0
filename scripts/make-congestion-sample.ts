/**
 * Regenerates resources/congestion/ispd2015-64/ from ../shared/data/congestion/ispd2015_subset/
 * (CircuitNet's ISPD2015 congestion features, BSD 3-Clause, see resources/README.md):
 *   npx tsx scripts/make-congestion-sample.ts [--factor 4]
 * Each 256×256 map is mean-pooled by --factor (4 → 64×64) and written as gzipped float32 `.npy`
 * (features [H, W, 3] = macro_region, RUDY, RUDY_pin; label [H, W] = GR overflow) with the
 * import folder's manifest.csv, so the demo exercises the same import path as user data.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsvRecords } from '../src/core/data/csv';
import { appRoot } from '../src/core/io/appRoot';
import { poolMean, plane } from '../src/core/models/congestion/grid';
import { channel, encodeMapNpy, readMapNpy } from '../src/core/models/congestion/npy-maps';

const { values } = parseArgs({ options: { factor: { type: 'string', default: '4' } } });
const factor = Number(values.factor);
const src = path.join(appRoot(), '..', 'shared', 'data', 'congestion', 'ispd2015_subset');
const out = path.join(appRoot(), 'resources', 'congestion', 'ispd2015-64');
await fs.mkdir(out, { recursive: true });
const [, ...rows] = parseCsvRecords(await fs.readFile(path.join(src, 'manifest.csv'), 'utf8'));
const manifest = ['layout,design,feature_file,label_file'];
for (const [design, layoutFile, featureFile, labelFile] of rows) {
  const layout = layoutFile.replace(/\.npy$/, '');
  const feat = await readMapNpy(path.join(src, featureFile));
  const lab = await readMapNpy(path.join(src, labelFile));
  const pooled = [0, 1, 2].map((c) => poolMean(plane(feat.height, feat.width, channel(feat, c)), factor));
  const { h, w } = pooled[0];
  const data = new Float32Array(h * w * 3);
  pooled.forEach((p, c) => p.data.forEach((v, i) => (data[i * 3 + c] = v)));
  const label = poolMean(plane(lab.height, lab.width, channel(lab, 0)), factor);
  await fs.writeFile(path.join(out, `${layout}__feature.npy.gz`), encodeMapNpy({ height: h, width: w, channels: 3, data }, true));
  await fs.writeFile(path.join(out, `${layout}__label.npy.gz`), encodeMapNpy({ height: h, width: w, channels: 1, data: label.data }, true));
  manifest.push(`${layout},${design},${layout}__feature.npy.gz,${layout}__label.npy.gz`);
}
await fs.writeFile(path.join(out, 'manifest.csv'), manifest.join('\n') + '\n');
console.log(`${rows.length} layouts → ${out}`);
