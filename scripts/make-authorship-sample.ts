/**
 * Writes the authorship demo's samples (licences in resources/README.md):
 *   resources/authorship/c50-sample.jsonl.gz — the first 40 C50train texts of each of the 50
 *     authors of ../shared/data/authorship/reuters_c50.jsonl.gz, as `{id, author, text}`;
 *   resources/authorship/federalist.jsonl.gz — the 85 Federalist papers of
 *     ../shared/data/authorship/federalist_papers.csv as `{paper, author, disputed, text}`.
 *   npx tsx scripts/make-authorship-sample.ts
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { writeFileAtomic } from '../src/core/io/atomic';
import { C50_SAMPLE_FILE, FEDERALIST_SAMPLE_FILE } from '../src/core/models/authorship/samples';

const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'authorship');
const PER_AUTHOR = 40;

const c50 = gunzipSync(await fs.readFile(path.join(SHARED, 'reuters_c50.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { author: string; split: string; file: string; text: string });
const taken = new Map<string, number>();
const rows = c50.filter((r) => r.split === 'train' && (taken.set(r.author, (taken.get(r.author) ?? 0) + 1).get(r.author) ?? 0) <= PER_AUTHOR);
const c50Data = gzipSync(Buffer.from(rows.map((r) => JSON.stringify({ id: `${r.author}/${r.file}`, author: r.author, text: r.text })).join('\n') + '\n'), { level: 9 });
await fs.mkdir(path.dirname(C50_SAMPLE_FILE), { recursive: true });
await writeFileAtomic(C50_SAMPLE_FILE, c50Data);

const papers = parse(await fs.readFile(path.join(SHARED, 'federalist_papers.csv')), { columns: true }) as Record<string, string>[];
const fedLines = papers.map((p) => JSON.stringify({ paper: Number(p.paper_no), author: p.author_label_gutenberg, disputed: p.traditionally_disputed === '1', text: p.text }));
const fedData = gzipSync(Buffer.from(fedLines.join('\n') + '\n'), { level: 9 });
await writeFileAtomic(FEDERALIST_SAMPLE_FILE, fedData);
console.log(`${rows.length} C50 texts (${c50Data.length} bytes), ${papers.length} Federalist papers (${fedData.length} bytes)`);
