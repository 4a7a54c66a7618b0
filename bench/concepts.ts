import type { BoardConcept } from '../src/shared/schemas/concepts';
import { othelloConceptSet } from '../src/core/concepts/builtin';
import { exploreConcepts } from '../src/core/concepts/explore';
import type { SparseActivations } from '../src/core/evals/board';
import { bestProperties } from '../src/core/explorer/properties';
import { encodeSparse } from '../src/core/explorer/codes';
import { familyCells } from '../src/core/games/family';
import { generateGames, othelloBsps } from '../src/core/games/othello';
import { Rng } from '../src/core/io/rng';
import { randomSae } from '../src/core/sae/checkpoint/testSae';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * The concepts job at the size (issue 21: 2,000 retrieved features from a 16k-feature
 * run in ≤ 30 s on 2 cores): Othello positions with every board family, codes of 16,384
 * features of which `retrieved` are planted classifiers of sparse cells (legal moves, last move,
 * flipped: each fires on 70% of its cell's positions and on 0.5% of the others, so F1 ≈ 0.8)
 * and the rest fire at random (30 a row), decoder directions clustered by family; then
 * retrieval, UMAP and Ball Mapper timed stage by stage, and the encoding of the same rows by
 * a TopK SAE of that width timed apart. Reference in the same run: the feature explorer's
 * best-property scoring of the same codes (the existing pass over the same counts).
 */
export async function run(argv: string[]): Promise<void> {
  const features = Number(option(argv, 'features') ?? 16_384);
  const retrieved = Number(option(argv, 'retrieved') ?? 2000);
  const rows = Number(option(argv, 'rows') ?? 4096);
  const d = Number(option(argv, 'd') ?? 512);
  const rng = new Rng(21);

  const games = generateGames(Math.ceil(rows / 50) + 10, 5);
  const bsps = othelloBsps(games);
  const families = bsps.families.map((f) => ({ ...f, data: f.data.subarray(0, rows * familyCells(f)) }));
  const set = othelloConceptSet();
  const sparseCells = set.concepts.filter((c): c is BoardConcept => c.kind === 'board' && ['valid_moves', 'last_move', 'flipped'].includes(c.family));
  const famOf = new Map(families.map((f) => [f.name, f]));
  const present = sparseCells.filter((c) => {
    const f = famOf.get(c.family)!;
    const G = familyCells(f);
    for (let r = 0; r < rows; r++) if (f.data[r * G + c.cell]) return true;
    return false;
  });

  // codes, row by row: planted classifiers, then 30 random features
  const plantedCell = Array.from({ length: retrieved }, (_, j) => present[j % present.length]);
  const perRow: Map<number, number>[] = Array.from({ length: rows }, () => new Map());
  plantedCell.forEach((c, j) => {
    const f = famOf.get(c.family)!;
    const G = familyCells(f);
    for (let r = 0; r < rows; r++) {
      const on = f.data[r * G + c.cell] === 1;
      if (on ? rng.next() < 0.7 : rng.next() < 0.005) perRow[r].set(j, 0.5 + rng.next());
    }
  });
  for (let r = 0; r < rows; r++) for (let k = 0; k < 30; k++) perRow[r].set(retrieved + rng.int(features - retrieved), 0.1 + rng.next());
  const rowStart = new Uint32Array(rows + 1);
  const index: number[] = [];
  const value: number[] = [];
  perRow.forEach((m, r) => {
    for (const [f, v] of [...m].sort((a, b) => a[0] - b[0])) {
      index.push(f);
      value.push(v);
    }
    rowStart[r + 1] = index.length;
  });
  const codes: SparseActivations = { rowStart, index: Uint32Array.from(index), value: Float32Array.from(value), features };

  // decoder: one centre per family, planted features near theirs, the rest anywhere
  const centres = new Map(['valid_moves', 'last_move', 'flipped'].map((name) => [name, Float32Array.from({ length: d }, () => rng.normal())]));
  const wDec = new Float32Array(features * d);
  for (let j = 0; j < features; j++) {
    const centre = j < retrieved ? centres.get(plantedCell[j].family)! : null;
    for (let c = 0; c < d; c++) wDec[j * d + c] = (centre ? centre[c] : 0) + rng.normal() * (centre ? 0.8 : 1);
  }

  const stages: Record<string, number> = {};
  const t0 = performance.now();
  const result = await exploreConcepts({ set, codes, families, wDec, dIn: d, threshold: 0.5 });
  const exploreSeconds = (performance.now() - t0) / 1000;
  Object.assign(stages, result.seconds);

  const sae = randomSae('topk', d, features, 3);
  sae.k = 32;
  const x = Float32Array.from({ length: rows * d }, () => rng.normal());
  const t1 = performance.now();
  await encodeSparse(sae, x, rows);
  const encodeSeconds = (performance.now() - t1) / 1000;

  const t2 = performance.now();
  bestProperties(codes, families, Uint32Array.from({ length: rows }, (_, i) => i));
  const referenceSeconds = (performance.now() - t2) / 1000;

  const total = exploreSeconds + encodeSeconds;
  console.log(
    JSON.stringify({
      machine: benchMachine(2),
      size: { features, rows, d, concepts: set.concepts.length, families: families.map((f) => f.name), meanL0: +(index.length / rows).toFixed(1) },
      retrieved: result.features.length,
      matches: result.matches.length,
      ballMapper: { epsilon: result.ballMapper.epsilon, nodes: result.ballMapper.nodes.length, edges: result.ballMapper.edges.length },
      seconds: { encode: +encodeSeconds.toFixed(2), retrieval: +stages.retrieval.toFixed(2), umap: +stages.umap.toFixed(2), ballMapper: +stages.ballMapper.toFixed(2), total: +total.toFixed(2) },
      targetSeconds: 30,
      withinTarget: total <= 30,
      reference: { what: "the feature explorer's best-property scoring of the same codes and families", seconds: +referenceSeconds.toFixed(2), retrievalRatio: +(stages.retrieval / referenceSeconds).toFixed(2) },
    }),
  );
}
