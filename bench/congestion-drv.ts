/**
 * `npm run bench -- congestion-drv [--steps 2000] [--pairs 50000] [--json]`: the congestion
 * workspace's gated preference model on MLLMA's DRV tables (../shared/data/congestion/
 * mllma_drv_tables, NO licence: read in place, never copied): train on the RISCY designs, score
 * zero-riscy-a and zero-riscy-b separately, against a ridge on all features and the best single
 * feature. Prints the records (value with a bootstrap 95% interval) and the machine.
 */
import path from 'node:path';
import { sharedDataFile } from '../src/core/io/appRoot';
import { evaluateDrv, readDrvTable } from '../src/core/models/congestion/drv-tables';
import { benchMachine } from './support/machine';
import { option } from './support/options';

export async function run(args: string[]): Promise<void> {
  const dir = sharedDataFile('congestion', 'mllma_drv_tables');
  const steps = Number(option(args, 'steps') ?? 2000);
  const pairs = Number(option(args, 'pairs') ?? 50_000);
  const t0 = performance.now();
  const train = await readDrvTable(path.join(dir, 'train_df.csv.gz'));
  const tests = [
    { split: 'zero-riscy-a', table: await readDrvTable(path.join(dir, 'test_df_a.csv.gz')) },
    { split: 'zero-riscy-b', table: await readDrvTable(path.join(dir, 'test_df_b.csv.gz')) },
  ];
  const r = await evaluateDrv(train, tests, { steps, pairsPerDesign: pairs, batch: 1024, lr: 1e-3 });
  const seconds = (performance.now() - t0) / 1000;
  const out = { bench: 'congestion-drv', machine: benchMachine(1), steps, pairsPerDesign: pairs, trainRows: train.labels.length, pairs: r.pairs, bestFeature: r.bestFeature, seconds, records: r.records };
  if (args.includes('--json')) console.log(JSON.stringify(out, null, 2));
  else {
    for (const rec of r.records) console.log(`${rec.split.padEnd(13)} ${rec.model.padEnd(12)} ${rec.metric.padEnd(5)} ${rec.value?.toFixed(3)} [${rec.low?.toFixed(3)}, ${rec.high?.toFixed(3)}]`);
    console.log(`${train.labels.length} training rows, ${r.pairs} pairs, best single feature ${r.bestFeature}, ${seconds.toFixed(1)} s`);
  }
}
