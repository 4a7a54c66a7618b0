import { StudioError } from '../../shared/errors';
import { poolForDisplay } from '../../shared/charts/layoutHeatmap';
import { buildDeck } from '../models/congestion/deck';
import { readSavedDeck, saveDeck, savedDeckLayouts } from '../models/congestion/deck-store';
import { context, describe, evaluateFeature, overlay, overlayUpper, parseFeature } from '../models/congestion/language';
import { loadLayouts, readLayoutSet } from '../models/congestion/layouts';
import { readMetrics, readModel, readSearch, summarise } from '../models/congestion/workspace';
import { readRudyCheck } from '../models/congestion/rudy-check';
import { SAMPLE_DIR } from '../models/congestion/run';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';

type CongestionMethods = 'congestionState' | 'congestionImport' | 'congestionSearch' | 'congestionTrain' | 'congestionRudy' | 'congestionLayout' | 'congestionDeck' | 'congestionSavedDeck';

const orNull = <T>(p: Promise<T>) => p.catch((e: unknown) => (e instanceof StudioError && e.code === 'not-found' ? null : Promise.reject(e)));

export function congestionHandlers(ctx: StudioContext): HandlerGroup<CongestionMethods> {
  return {
    async congestionState({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      const set = await orNull(readLayoutSet(project.dir));
      const search = await readSearch(project.dir);
      const metrics = await orNull(readMetrics(project.dir));
      const model = await orNull(readModel(project.dir));
      return {
        layouts: (set?.layouts ?? []).map(({ id, design, label, labelSource, channels, height, width }) => ({ id, design, label, labelSource, channels, height, width })),
        search: search ? { history: search.history, pool: search.pool } : null,
        metrics: metrics ? { records: metrics.records, summary: summarise(metrics), features: metrics.features } : null,
        model: model !== null,
        decks: await savedDeckLayouts(project.dir),
        rudy: await readRudyCheck(project.dir),
      };
    },
    async congestionImport({ projectDir, path: input, sample }) {
      const project = await openedProject(ctx, projectDir);
      if (!sample && input === undefined) throw new StudioError('bad-input', 'name a folder of layout maps, or the shipped sample', 'path');
      // the shipped sample is the app's own folder, outside the roots a client may name
      const source = sample ? SAMPLE_DIR : await resolveClientPath(ctx, input!, 'path');
      return { jobId: (await ctx.jobs.start(project, 'congestion-import', { source })).id };
    },
    async congestionSearch({ projectDir, generations, seed, trees }) {
      const project = await openedProject(ctx, projectDir);
      return { jobId: (await ctx.jobs.start(project, 'congestion-search', { generations, seed, trees })).id };
    },
    async congestionTrain({ projectDir, steps, pooled }) {
      const project = await openedProject(ctx, projectDir);
      return { jobId: (await ctx.jobs.start(project, 'congestion-train', { steps, pooled })).id };
    },
    async congestionRudy({ projectDir, pinModel }) {
      const project = await openedProject(ctx, projectDir);
      return { jobId: (await ctx.jobs.start(project, 'congestion-rudy', { pinModel })).id };
    },
    async congestionLayout({ projectDir, layoutId, feature }) {
      const project = await openedProject(ctx, projectDir);
      const [layout] = await loadLayouts(project.dir, [layoutId]);
      const layers = Object.fromEntries(Object.entries(layout.maps).map(([name, p]) => [name, poolForDisplay({ h: p.h, w: p.w, values: p.data })]));
      let ov = null;
      if (feature) {
        const node = parseFeature(feature, 'feature');
        const c = context(layout.maps);
        const map = overlay(node, c);
        ov = { definition: feature, description: describe(node), value: evaluateFeature(node, c), map: map ? poolForDisplay({ h: map.h, w: map.w, values: map.data }) : null, upper: overlayUpper(node) };
      }
      return { id: layout.id, design: layout.design, label: layout.label, layers, overlay: ov };
    },
    async congestionDeck({ projectDir, layoutId }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      return saveDeck(project, buildDeck(await readModel(project.dir), await loadLayouts(project.dir), layoutId));
    },
    async congestionSavedDeck({ projectDir, layoutId }) {
      const project = await openedProject(ctx, projectDir);
      // only a layout of the project names a file: the id comes from the client
      const set = await orNull(readLayoutSet(project.dir));
      return set?.layouts.some((l) => l.id === layoutId) ? readSavedDeck(project.dir, layoutId) : null;
    },
  };
}
