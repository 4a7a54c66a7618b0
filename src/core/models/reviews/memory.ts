import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../../io/atomic';
import { readSchemaJson } from '../../io/schemaJson';
import { parseFeatureDef, type FeatureDef } from './language';

/**
 * Cross-task memory (after thulanxc/AutoQual `memory_manager.py`, ALGORITHMS-DETAIL §8): a JSON
 * list of {task, scene description, best features with their definitions and ρ}. Retrieval
 * takes the top 3 tasks by TF-IDF cosine between scene descriptions (only those > 0); their
 * features become candidates of the next discovery. The reference stores an LLM summary; here
 * the definitions themselves, so they can be evaluated again.
 */
export const MEMORY_FILE = 'reviews-memory.json';
export const RETRIEVED_TASKS = 3;

export const MemoryEntry = z.object({
  task: z.string(),
  scene: z.string(),
  features: z.array(z.object({ definition: z.unknown(), rho: z.number().nullable() })),
  createdAt: z.string(),
});
export type MemoryEntry = z.infer<typeof MemoryEntry>;
const MemoryFile = z.object({ schemaVersion: z.literal(1), entries: z.array(MemoryEntry) });

/** The project's memory file, or the studio-wide one in the app's home folder. */
export const memoryPath = (dir: string): string => path.join(dir, MEMORY_FILE);

export async function readMemory(file: string): Promise<MemoryEntry[]> {
  return (await readSchemaJson(file, MemoryFile, 'the review memory'))?.entries ?? [];
}

/** Adds (or replaces, by task name) one task's entry; the write is atomic, so a failed write keeps the old memory. */
export async function remember(file: string, entry: MemoryEntry): Promise<void> {
  const entries = (await readMemory(file)).filter((e) => e.task !== entry.task);
  entries.push(entry);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeJsonAtomic(file, { schemaVersion: 1, entries });
}

const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** TF-IDF vectors (sklearn's defaults: raw counts, smooth idf = ln((1+N)/(1+df)) + 1, L2-normalised). */
export function tfidf(docs: readonly string[]): Map<string, number>[] {
  const counts = docs.map((d) => {
    const m = new Map<string, number>();
    for (const w of words(d)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  for (const c of counts) for (const w of c.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  return counts.map((c) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, tf] of c) {
      const x = tf * (Math.log((1 + n) / (1 + df.get(w)!)) + 1);
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (const [w, x] of v) v.set(w, norm > 0 ? x / norm : 0);
    return v;
  });
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let s = 0;
  for (const [w, x] of a) s += x * (b.get(w) ?? 0);
  return s;
}

export interface Retrieved {
  entry: MemoryEntry;
  similarity: number;
  features: { def: FeatureDef; rho: number | null }[];
}

/** The top tasks by scene similarity (> 0), best first, the current task itself left out; definitions that no longer parse are skipped. */
export function retrieve(entries: readonly MemoryEntry[], scene: string, task: string, top = RETRIEVED_TASKS): Retrieved[] {
  const others = entries.filter((e) => e.task !== task);
  if (others.length === 0) return [];
  const vectors = tfidf([scene, ...others.map((e) => e.scene)]);
  return others
    .map((entry, i) => ({ entry, similarity: cosine(vectors[0], vectors[i + 1]) }))
    .filter((r) => r.similarity > 0)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, top)
    .map((r) => ({
      ...r,
      features: r.entry.features.flatMap((f) => {
        try {
          return [{ def: parseFeatureDef(f.definition, `memory ${r.entry.task}`), rho: f.rho }];
        } catch {
          return [];
        }
      }),
    }));
}
