import { z } from 'zod';

export const CORPUS_SCHEMA_VERSION = 1;

export const CorpusFormat = z.enum(['csv', 'jsonl', 'txt-folder']);
export type CorpusFormat = z.infer<typeof CorpusFormat>;

export const SplitName = z.enum(['train', 'dev', 'test']);
export type SplitName = z.infer<typeof SplitName>;

/** Shares of train/dev/test; they must add up to 1. */
export const SplitFractions = z
  .object({ train: z.number().min(0).max(1), dev: z.number().min(0).max(1), test: z.number().min(0).max(1) })
  .refine((f) => Math.abs(f.train + f.dev + f.test - 1) < 1e-9, 'split fractions must add up to 1');
export type SplitFractions = z.infer<typeof SplitFractions>;

export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = { train: 0.8, dev: 0.1, test: 0.1 };
export const DEFAULT_SPLIT_SEED = 42;

/** A field kept from the source: a string, a number (when every non-empty value of the column parses as one) or null (empty). */
export const FieldValue = z.union([z.string(), z.number(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

/** One line of `corpora/<id>/rows.jsonl`. */
export const CorpusRow = z.object({
  id: z.string().min(1),
  text: z.string(),
  split: SplitName,
  fields: z.record(z.string(), FieldValue),
});
export type CorpusRow = z.infer<typeof CorpusRow>;

/** `corpora/<id>/corpus.json`: what was imported from where, and how it was split. */
export const CorpusMeta = z.object({
  schemaVersion: z.literal(CORPUS_SCHEMA_VERSION),
  id: z.string(),
  name: z.string(),
  source: z.object({ file: z.string(), format: CorpusFormat }),
  /** the source column holding the text (`text` for a folder of .txt files) */
  textColumn: z.string(),
  /** the source column holding row ids; absent: ids are row numbers (or file names for .txt folders) */
  idColumn: z.string().optional(),
  /** source columns kept in each row's `fields` */
  columns: z.array(z.string()),
  /** the column whose values never share a split (author, product, prompt); absent: each row is its own group */
  groupColumn: z.string().optional(),
  /** the column the splits were read from (train / dev|val|validation / test), instead of drawn by group */
  splitColumn: z.string().optional(),
  rowCount: z.number().int().nonnegative(),
  splits: z.object({
    seed: z.number().int(),
    /** `splitColumn`'s or `groupColumn`'s name, or 'row' */
    by: z.string(),
    fractions: SplitFractions,
    counts: z.object({ train: z.number().int(), dev: z.number().int(), test: z.number().int() }),
  }),
  /** kept texts above the character limit, columns typed as text, … — things an analyst should know */
  warnings: z.array(z.string()),
  createdAt: z.string(),
});
export type CorpusMeta = z.infer<typeof CorpusMeta>;

/** What `inspectCorpusFile` reads from a file's header and first rows. */
export const CorpusFileInfo = z.object({
  format: CorpusFormat,
  columns: z.array(z.string()),
  /** the first few rows, as read (strings) */
  sample: z.array(z.record(z.string(), z.string())),
  /** a best guess at the text column: the column with the longest values in the sample */
  suggestedText: z.string().nullable(),
  /** a best guess at the id column: a column named id (any case) */
  suggestedId: z.string().nullable(),
});
export type CorpusFileInfo = z.infer<typeof CorpusFileInfo>;

export const ImportCorpusOptions = z.object({
  textColumn: z.string().min(1),
  idColumn: z.string().min(1).optional(),
  /** columns to keep as fields; default: every column but text and id */
  columns: z.array(z.string().min(1)).optional(),
  groupColumn: z.string().min(1).optional(),
  /** a column that already says each row's split (train, dev/val/validation, test): used as it is */
  splitColumn: z.string().min(1).optional(),
  splitSeed: z.number().int().default(DEFAULT_SPLIT_SEED),
  splitFractions: SplitFractions.default(DEFAULT_SPLIT_FRACTIONS),
  /** texts longer than this are kept whole and named in a warning (never cut) */
  maxChars: z.number().int().positive().default(100_000),
});
export type ImportCorpusOptions = z.input<typeof ImportCorpusOptions>;

/** One character span behind a feature's value, with what it shows. */
export const Evidence = z.object({ start: z.number().int(), end: z.number().int(), note: z.string() });
export type Evidence = z.infer<typeof Evidence>;

export const TextFeatureInfo = z.object({
  id: z.string(),
  family: z.string(),
  description: z.string(),
});
export type TextFeatureInfo = z.infer<typeof TextFeatureInfo>;

export const TextFamilyInfo = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** null when available; otherwise why not (the tagger has no dependency parse, …) */
  unavailable: z.string().nullable(),
  /** the Gram2Vec family this one stands for (ALGORITHMS-DETAIL §9), if any */
  gram2vec: z.string().nullable(),
  features: z.number().int(),
});
export type TextFamilyInfo = z.infer<typeof TextFamilyInfo>;

/** One row of a corpus page: its text and, for the chosen features, value and evidence. */
export const CorpusRowFeatures = z.object({
  row: CorpusRow,
  values: z.array(z.object({ id: z.string(), family: z.string(), value: z.number(), evidence: z.array(Evidence) })),
});
export type CorpusRowFeatures = z.infer<typeof CorpusRowFeatures>;
