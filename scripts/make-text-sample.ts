/**
 * Writes resources/text/held-out-english.jsonl.gz, the held-out text the text demo and tests
 * read: the first documents of each English source's held-out share (the shipped text model
 * never trained on them), up to about 40 KB a source, as corpus rows
 * `{id, text, split: 'test', fields: {source}}`. Licences in resources/README.md.
 *   npx tsx scripts/make-text-sample.ts
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { evaluationSlice, readEnglishCorpora } from '../src/core/text/lm/english-sources';
import { writeFileAtomic } from '../src/core/io/atomic';
import { TEXT_SAMPLE_FILE } from '../src/core/text/lm/sample';

const { heldOut } = await readEnglishCorpora();
const docs = evaluationSlice(heldOut, 40_000);
const lines = docs.map((d) => JSON.stringify({ id: `${d.source}/${d.id}`, text: d.text, split: 'test', fields: { source: d.source } }));
const data = gzipSync(Buffer.from(lines.join('\n') + '\n'), { level: 9 });
await writeFileAtomic(TEXT_SAMPLE_FILE, data);
console.log(`${docs.length} documents, ${data.length} bytes → ${path.relative(process.cwd(), TEXT_SAMPLE_FILE)}`);
