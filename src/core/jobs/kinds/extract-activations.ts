import path from 'node:path';
import { z } from 'zod';
import { BoardGame, DatasetMeta, Dtype } from '../../../shared/schemas/dataset';
import { StudioError } from '../../../shared/errors';
import { CHESS_FAMILIES, type ChessFamilyName } from '../../games/chess';
import { OTHELLO_FAMILIES, generateGames, type OthelloFamilyName } from '../../games/othello';
import { extractChessActivations } from '../../games/lm/chess-extract';
import { CHESS_EXTRACTION_PGN, describeIssue, readPgnGames } from '../../games/lm/chess-training';
import { extractOthelloActivations } from '../../games/lm/extract';
import { aModelOf, type TranscriptModel } from '../../games/lm/model';
import { bestProbeLayer, loadModelDir, shippedModelDir, TEXT_MODEL_DIR } from '../../games/lm/shipped';
import { textsFor } from '../../text/lm/corpus-texts';
import { extractTextActivations } from '../../text/lm/extract';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind, type JobContext } from '../kind';
import { commitDataset } from './commit-dataset';

/** Refused games listed one by one in the job log; the rest are counted. */
const ISSUES_LOGGED = 20;

const FAMILIES: Record<BoardGame, readonly string[]> = { othello: OTHELLO_FAMILIES, chess: CHESS_FAMILIES };
const onlyFor = (game: BoardGame, field: string) => ({ message: `${field} applies to ${game} games only`, path: [field] });

const TextExtractParams = z
  .object({
    /** a project corpus; absent: the shipped held-out English sample (resources/text/) */
    corpusId: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** the corpus splits to read (default all) */
    splits: z.array(z.enum(['train', 'dev', 'test'])).min(1).optional(),
    /** documents read, from the start */
    documents: z.number().int().positive().max(1_000_000).default(200),
    /** 'token': one row per byte, with the token sidecar; 'mean' / 'last': one row per document */
    pooling: z.enum(['token', 'mean', 'last']).default('token'),
    /** bytes read per document ('token', 'mean') */
    maxBytes: z.number().int().positive().default(1024),
  })
  .strict();

const ExtractParams = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    game: BoardGame.default('othello'),
    /** a model of this project (models/<id>/); absent: the shipped model of the game (resources/models/) */
    modelId: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** resid_post of this block (0-based); −1 is the embedding output; absent: the block the model's board probe reads best */
    layer: z.number().int().min(-1).optional(),
    /** Othello: random games to generate; chess: the first games of the PGN file to read */
    games: z.number().int().positive().max(1_000_000).default(1000),
    /** Othello: seed of the random-legal-move games */
    seed: z.number().int().nonnegative().optional(),
    /** Othello: plies to keep (0-based); absent: every ply the model reads */
    plies: z.array(z.number().int().nonnegative()).min(1).optional(),
    /** chess: the PGN file (default: the bundled Capablanca games, outside the default training file); refused games are logged and skipped */
    pgn: z.string().min(1).optional(),
    /** chess: move-number dots read per game (default 20, the paper's) */
    dotsPerGame: z.number().int().min(1).max(100).optional(),
    /** board-state families to label (default all of the game's); chess always adds piece_state */
    families: z.array(z.string()).min(1).optional(),
    dtype: Dtype.default('float32'),
    /** text mode: run a text model (modelId, or the shipped one) over a corpus or the shipped held-out sample; the board settings do not apply */
    text: TextExtractParams.optional(),
  })
  .strict()
  .refine((p) => p.game === 'othello' || p.seed === undefined, onlyFor('othello', 'seed'))
  .refine((p) => p.game === 'othello' || p.plies === undefined, onlyFor('othello', 'plies'))
  .refine((p) => p.game === 'chess' || p.pgn === undefined, onlyFor('chess', 'pgn'))
  .refine((p) => p.game === 'chess' || p.dotsPerGame === undefined, onlyFor('chess', 'dotsPerGame'))
  .superRefine((p, ctx) => {
    p.families?.forEach((f, i) => {
      if (!FAMILIES[p.game].includes(f)) ctx.addIssue({ code: 'custom', message: `"${f}" is not a ${p.game} family (${FAMILIES[p.game].join(', ')})`, path: ['families', i] });
    });
  });
type ExtractParams = z.output<typeof ExtractParams>;

/**
 * Residual-stream activations of a transcript model — Othello on seeded random games, chess on
 * the games of a PGN file — written as a dataset with the board-state labels alongside (rows
 * aligned; see games/lm/labelled-dataset.ts).
 */
export const extractActivationsKind = defineJobKind({
  kind: 'extract-activations',
  doc: 'Run a transcript model (the shipped one of the game, or a project model: Othello on seeded random games, chess on a PGN file) and save resid_post activations of one layer with board-state labels as datasets/<id>/; with `text`, run a text model over a corpus or the shipped sample (per byte with a token sidecar, or one mean/last vector per document).',
  params: ExtractParams,
  result: DatasetMeta,
  pathParams: ['pgn'],
  title: (p, name) => {
    const layer = p.layer === undefined ? 'best-probe layer' : `layer ${p.layer}`;
    if (p.text) return `Extract ${p.layer === undefined ? 'middle-layer' : layer} ${p.text.pooling === 'token' ? 'per-byte' : `${p.text.pooling}-pooled`} text activations of ${p.text.documents} documents${p.text.corpusId ? ` of corpus ${name(p.text.corpusId)}` : ''}`;
    return p.game === 'chess'
      ? `Extract ${layer} activations of up to ${p.games} chess games of ${path.basename(p.pgn ?? CHESS_EXTRACTION_PGN)}`
      : `Extract ${layer} activations of ${p.games} Othello games`;
  },
  async run(ctx) {
    const p = ctx.params;
    if (p.text) return extractText(ctx, p.text);
    const { model, layer } = await loadModel(ctx.projectDir, p);
    ctx.log(`reading resid_post of layer ${layer}`);
    const name = p.name ?? (p.game === 'chess' ? 'Chess activations' : 'Othello activations');
    const id = p.id ?? newEntryId(name);
    const common = {
      model,
      layer,
      datasetDir: path.join(ctx.workDir, id),
      id,
      name,
      dtype: p.dtype,
      signal: ctx.signal,
      onProgress: (rows: number, total: number) => ctx.progress(rows, total, { unit: 'rows' }),
    };
    const meta =
      p.game === 'chess'
        ? await extractChessActivations({ ...common, games: await chessGames(ctx), dotsPerGame: p.dotsPerGame, families: p.families as ChessFamilyName[] | undefined })
        : await extractOthelloActivations({ ...common, games: generateGames(p.games, p.seed ?? 0), plies: p.plies, families: p.families as OthelloFamilyName[] | undefined });
    ctx.log(`wrote ${meta.rows} rows × ${meta.dims} dims with labels ${meta.labels.map((l) => l.name).join(', ')}`);
    return meta;
  },
  commit: commitDataset,
});

/** Text mode: the text model's residuals of a corpus's (or the shipped sample's) documents. */
async function extractText(ctx: JobContext<ExtractParams>, t: z.output<typeof TextExtractParams>): Promise<DatasetMeta> {
  const p = ctx.params;
  const dir = p.modelId ? path.join(ctx.projectDir, 'models', p.modelId) : TEXT_MODEL_DIR;
  const { model } = await loadModelDir(dir);
  if (model.config.game !== 'text') throw new StudioError('bad-input', `${p.modelId ? `model "${p.modelId}"` : 'the model'} is ${aModelOf(model.config.game)}, not ${aModelOf('text')}`, 'modelId');
  const layer = p.layer ?? Math.floor(model.config.gpt.layers / 2);
  if (layer >= model.config.gpt.layers) throw new StudioError('bad-input', `layer ${layer} is outside −1..${model.config.gpt.layers - 1}`, 'layer');
  const texts = (await textsFor(ctx.projectDir, t.corpusId, t.splits, ctx.signal)).filter((x) => x.length > 0).slice(0, t.documents);
  if (texts.length === 0) throw new StudioError('bad-input', `corpus "${t.corpusId}" has no text in the splits asked for`, 'text.corpusId');
  const name = p.name ?? 'Text activations';
  const id = p.id ?? newEntryId(name);
  ctx.log(`reading resid_post of layer ${layer} over ${texts.length} documents (${t.pooling})`);
  const meta = await extractTextActivations({
    model, texts, layer, pooling: t.pooling, maxBytes: t.maxBytes, datasetDir: path.join(ctx.workDir, id), id, name, dtype: p.dtype,
    source: { corpus: t.corpusId ?? 'shipped held-out sample', model: p.modelId ?? 'shipped' }, threads: 2, signal: ctx.signal,
    onProgress: (rows, total) => ctx.progress(rows, total, { unit: 'rows' }),
  });
  ctx.log(`wrote ${meta.rows} rows × ${meta.dims} dims with a token sidecar`);
  return meta;
}

/** The model (a project's, else the shipped one of the game) and the layer to read. */
async function loadModel(projectDir: string, p: ExtractParams): Promise<{ model: TranscriptModel; layer: number }> {
  const dir = p.modelId ? path.join(projectDir, 'models', p.modelId) : shippedModelDir(p.game);
  const { model, info } = await loadModelDir(dir);
  if (model.config.game !== p.game) throw new StudioError('bad-input', `${p.modelId ? `model "${p.modelId}"` : 'the shipped model'} is ${aModelOf(model.config.game)}, not ${aModelOf(p.game)}`, 'modelId');
  return { model, layer: p.layer ?? bestProbeLayer(model, info.metrics) };
}

/** The first `games` games of the PGN file that import; refused ones are logged, never fatal. */
async function chessGames(ctx: JobContext<ExtractParams>) {
  const p = ctx.params;
  const file = p.pgn ?? CHESS_EXTRACTION_PGN;
  // the last dot read sits before move 2·(dots − 1) + 1, so later moves are never needed
  const imported = await readPgnGames(file, { maxPlies: 2 * (p.dotsPerGame ?? 20) });
  imported.issues.slice(0, ISSUES_LOGGED).forEach((i) => ctx.log(`skipped ${describeIssue(i)}`, 'warn'));
  if (imported.issues.length > ISSUES_LOGGED) ctx.log(`skipped ${imported.issues.length - ISSUES_LOGGED} more games`, 'warn');
  const games = imported.games.slice(0, p.games);
  ctx.log(`${imported.found} games in ${path.basename(file)}, ${imported.issues.length} refused; reading ${games.length}`);
  return games;
}
