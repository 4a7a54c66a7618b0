import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { appRoot } from '../../io/appRoot';

/** The shipped Fine Food sample (CC0, resources/README.md): 5,003 reviews of products by id. */
export const FINE_FOOD_SAMPLE = path.join(appRoot(), 'resources', 'corpora', 'amazon-fine-food-reviews-5k.csv.gz');

/** Writes rows [from, to) of the shipped sample as a CSV: two disjoint slices stand for two corpora. */
export async function writeFineFoodSlice(file: string, from: number, to: number): Promise<string> {
  const rows = parse(gunzipSync(await fs.readFile(FINE_FOOD_SAMPLE)), { columns: true }) as Record<string, string>[];
  await fs.mkdir(path.dirname(file), { recursive: true });
  const part = rows.slice(from, to);
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = Object.keys(part[0]);
  await fs.writeFile(file, [header.join(','), ...part.map((r) => header.map((h) => cell(r[h])).join(','))].join('\n') + '\n');
  return file;
}
