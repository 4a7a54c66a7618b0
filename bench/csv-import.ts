import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { importMatrix } from '../src/core/data/import';
import { Rng } from '../src/core/io/rng';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * CSV dataset import in bounded memory (issue 24): generates a numeric CSV of `--mb` MiB
 * (default 256; `--mb 1024` for the 1 GB case) with `--cols` columns (default 64) and a text
 * column, imports it as a dataset, and reports rows/s, MB/s and the process's peak RSS. The
 * reference, measured in the same run on the same file, is csv-parse alone (records parsed
 * and dropped): the ratio is how much of the parser's own speed the import keeps.
 * `--keep FILE` reuses (or leaves) the generated CSV. Prints one JSON object.
 */

async function generate(file: string, bytes: number, cols: number): Promise<number> {
  const out = createWriteStream(file);
  const rng = new Rng(24);
  out.write(['label', ...Array.from({ length: cols }, (_, j) => `d${j}`)].join(',') + '\n');
  let written = 0;
  let rows = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const cells = [`"row ${rows + i}, text"`];
      for (let j = 0; j < cols; j++) cells.push((rng.normal() * 3).toPrecision(7));
      lines.push(cells.join(','));
    }
    rows += 1000;
    const chunk = lines.join('\n') + '\n';
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

export async function run(argv: string[]): Promise<void> {
  const mb = Number(option(argv, 'mb') ?? 256);
  const cols = Number(option(argv, 'cols') ?? 64);
  const keep = option(argv, 'keep');
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-csv-'));
  const file = keep ?? path.join(work, 'acts.csv');
  try {
    const exists = keep ? await fs.stat(keep).then(() => true, () => false) : false;
    if (!exists) await generate(file, mb * 1024 * 1024, cols);
    const size = (await fs.stat(file)).size;
    const rssBefore = process.memoryUsage().rss;

    let t0 = performance.now();
    let parsed = 0;
    for await (const _ of createReadStream(file).pipe(parse({ from_line: 2 }))) parsed++;
    const parseSeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    const meta = await importMatrix({ source: file, datasetDir: path.join(work, 'dataset'), id: 'bench', name: 'bench', shardRows: 65536 });
    const importSeconds = (performance.now() - t0) / 1000;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const result = {
      bench: 'csv-import',
      machine: benchMachine(1),
      file: { mb: +(size / 2 ** 20).toFixed(1), rows: meta.rows, numericColumns: meta.dims, textColumns: 1 },
      import: { seconds: +importSeconds.toFixed(2), rowsPerSecond: Math.round(meta.rows / importSeconds), mbPerSecond: +(size / 2 ** 20 / importSeconds).toFixed(1) },
      reference: { what: 'csv-parse alone, records parsed and dropped', seconds: +parseSeconds.toFixed(2), rowsPerSecond: Math.round(parsed / parseSeconds) },
      ratioToReference: +(parseSeconds / importSeconds).toFixed(3),
      memory: { rssBeforeMb: Math.round(rssBefore / 2 ** 20), peakRssMb: Math.round(peakRss / 2 ** 20), peakRssPerFileMb: +(peakRss / size).toFixed(3) },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
