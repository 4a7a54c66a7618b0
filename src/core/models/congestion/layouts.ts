import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { parseCsvRecords } from '../../data/csv';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic';
import { encodeMapNpy, readMapNpy, type MapArray } from './npy-maps';
import { plane, topTileMean, type Plane } from './grid';

/**
 * Imported layouts of a project: `congestion/layouts.json` (this schema) and one
 * `congestion/maps/<id>.npy.gz` per layout (float32 [H, W, C] in the order of `channels`).
 */
export const LayoutInfo = z.object({
  id: z.string(),
  /** the design the layout belongs to: splits, pairs and CV folds never mix designs */
  design: z.string(),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  /** map names in channel order; 'congestion' is the label map when one was imported */
  channels: z.array(z.string()),
  /**
   * The scalar congestion label. From a label map it is the total overflow, Σ of the (normalised)
   * GR-overflow map, since no routing log ("Total overcon") is available; a manifest may give it directly.
   */
  label: z.number(),
  /** where `label` came from */
  labelSource: z.enum(['total-overflow', 'manifest']),
  /** GPDL-style scalar of the label map (mean of the top 20 of 16×16-tile means), when a map exists */
  labelTopTileMean: z.number().nullable(),
});
export type LayoutInfo = z.infer<typeof LayoutInfo>;

export const LayoutSet = z.object({ version: z.literal(1), layouts: z.array(LayoutInfo) });
export type LayoutSet = z.infer<typeof LayoutSet>;

/** The input channels of CircuitNet's congestion task, in file order (ALGORITHMS-DETAIL §10). */
export const CIRCUITNET_CHANNELS = ['macro_region', 'RUDY', 'RUDY_pin'] as const;

export const congestionDir = (projectDir: string) => path.join(projectDir, 'congestion');
const layoutsFile = (projectDir: string) => path.join(congestionDir(projectDir), 'layouts.json');
const mapsFile = (projectDir: string, id: string) => path.join(congestionDir(projectDir), 'maps', `${id}.npy.gz`);

/** A layout with its maps loaded. */
export interface Layout extends LayoutInfo {
  maps: Record<string, Plane>;
}

interface ManifestRow {
  row: number;
  layout: string;
  design: string;
  featureFile: string;
  labelFile?: string;
  label?: number;
  channels: string[];
}

/**
 * Reads `manifest.csv` of an import folder. Columns: design, feature_file (required);
 * layout (default: feature_file without `__feature.npy[.gz]`), label_file and/or label (one of
 * them required), channels (names separated by ';', default macro_region;RUDY;RUDY_pin).
 */
export async function readManifest(dir: string): Promise<ManifestRow[]> {
  const file = path.join(dir, 'manifest.csv');
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new StudioError('not-found', 'an import folder needs a manifest.csv (design, feature_file, label_file or label)', file);
  });
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  if (records.length < 2) throw new StudioError('bad-file', 'the manifest needs a header row and at least one layout', file);
  const header = records[0].map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  for (const need of ['design', 'feature_file']) {
    if (col(need) < 0) throw new StudioError('bad-file', `the manifest has no '${need}' column`, `${file}: row 1`);
  }
  if (col('label_file') < 0 && col('label') < 0) throw new StudioError('bad-file', "the manifest needs a 'label_file' or a 'label' column", `${file}: row 1`);
  const seen = new Set<string>();
  return records.slice(1).map((r, i) => {
    const row = i + 2;
    const get = (name: string) => (col(name) >= 0 ? (r[col(name)] ?? '').trim() : '');
    const featureFile = get('feature_file');
    const design = get('design');
    if (!featureFile) throw new StudioError('bad-file', 'feature_file is empty', `${file}: row ${row}, feature_file`);
    if (!design) throw new StudioError('bad-file', 'design is empty', `${file}: row ${row}, design`);
    const layout = get('layout') || featureFile.replace(/(__feature)?\.npy(\.gz)?$/, '');
    if (!/^[A-Za-z0-9._-]+$/.test(layout)) throw new StudioError('bad-input', `layout name '${layout}' may hold only letters, digits, '.', '_' and '-'`, `${file}: row ${row}, layout`);
    if (seen.has(layout)) throw new StudioError('conflict', `layout '${layout}' appears twice`, `${file}: row ${row}, layout`);
    seen.add(layout);
    const labelFile = get('label_file') || undefined;
    const labelText = get('label');
    const label = labelText === '' ? undefined : Number(labelText);
    if (label !== undefined && !Number.isFinite(label)) throw new StudioError('bad-input', `label '${labelText}' is not a number`, `${file}: row ${row}, label`);
    if (!labelFile && label === undefined) throw new StudioError('bad-input', `layout '${layout}' has no label (neither label_file nor label)`, `${file}: row ${row}`);
    const channels = get('channels') ? get('channels').split(';').map((c) => c.trim()) : [...CIRCUITNET_CHANNELS];
    return { row, layout, design, featureFile, labelFile, label, channels };
  });
}

function split(map: MapArray, names: readonly string[]): Record<string, Plane> {
  const out: Record<string, Plane> = {};
  names.forEach((name, c) => {
    const p = plane(map.height, map.width);
    for (let i = 0; i < p.data.length; i++) p.data[i] = map.data[i * map.channels + c];
    out[name] = p;
  });
  return out;
}

export interface ImportProgress {
  (done: number, total: number): void;
}

/**
 * Imports an import folder into the project: every row is read and checked before anything is
 * written, so a bad file leaves the project's existing layouts as they were.
 */
export async function importLayouts(dir: string, projectDir: string, onProgress?: ImportProgress): Promise<LayoutSet> {
  const rows = await readManifest(dir);
  const loaded: Layout[] = [];
  for (const [i, r] of rows.entries()) {
    const featPath = path.join(dir, r.featureFile);
    const feat = await readMapNpy(featPath);
    if (feat.channels !== r.channels.length) {
      throw new StudioError('shape', `${feat.channels} channels but the manifest names ${r.channels.length} (${r.channels.join(';')})`, `${featPath} (manifest row ${r.row})`);
    }
    const maps = split(feat, r.channels);
    let labelTop: number | null = null;
    let label = r.label;
    if (r.labelFile) {
      const labPath = path.join(dir, r.labelFile);
      const lab = await readMapNpy(labPath);
      if (lab.height !== feat.height || lab.width !== feat.width) {
        throw new StudioError('shape', `label map is ${lab.height}×${lab.width} but the feature maps are ${feat.height}×${feat.width}`, `${labPath} (manifest row ${r.row})`);
      }
      if (lab.channels !== 1) throw new StudioError('shape', `a label map has one channel, this one has ${lab.channels}`, labPath);
      maps.congestion = split(lab, ['congestion']).congestion;
      labelTop = topTileMean(maps.congestion);
      if (label === undefined) label = maps.congestion.data.reduce((a, b) => a + b, 0);
    }
    loaded.push({
      id: r.layout,
      design: r.design,
      height: feat.height,
      width: feat.width,
      channels: Object.keys(maps),
      label: label!,
      labelSource: r.label !== undefined ? 'manifest' : 'total-overflow',
      labelTopTileMean: labelTop,
      maps,
    });
    onProgress?.(i + 1, rows.length);
  }
  const existing = await readLayoutSet(projectDir).catch(() => ({ version: 1 as const, layouts: [] }));
  for (const l of loaded) await writeFileAtomic(mapsFile(projectDir, l.id), encodeLayoutMaps(l));
  const kept = existing.layouts.filter((e) => !loaded.some((l) => l.id === e.id));
  const set: LayoutSet = { version: 1, layouts: [...kept, ...loaded.map(({ maps: _maps, ...info }) => info)] };
  await writeJsonAtomic(layoutsFile(projectDir), set);
  return set;
}

function encodeLayoutMaps(l: Layout): Uint8Array {
  const c = l.channels.length;
  const data = new Float32Array(l.height * l.width * c);
  l.channels.forEach((name, k) => l.maps[name].data.forEach((v, i) => (data[i * c + k] = v)));
  return encodeMapNpy({ height: l.height, width: l.width, channels: c, data }, true);
}

export async function readLayoutSet(projectDir: string): Promise<LayoutSet> {
  const file = layoutsFile(projectDir);
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new StudioError('not-found', 'no layouts imported yet: run `feature-studio congestion import DIR --project P`', file);
  });
  const parsed = LayoutSet.safeParse(JSON.parse(text));
  if (!parsed.success) throw new StudioError('bad-file', `layouts.json does not match its schema: ${parsed.error.issues[0]?.message}`, file);
  return parsed.data;
}

/** Loads every layout (or the named ones) with their maps. */
export async function loadLayouts(projectDir: string, ids?: readonly string[]): Promise<Layout[]> {
  const set = await readLayoutSet(projectDir);
  const infos = ids ? ids.map((id) => set.layouts.find((l) => l.id === id) ?? notFound(id, projectDir)) : set.layouts;
  return Promise.all(infos.map(async (info) => ({ ...info, maps: split(await readMapNpy(mapsFile(projectDir, info.id)), info.channels) })));
}

function notFound(id: string, projectDir: string): never {
  throw new StudioError('not-found', `no layout '${id}' in this project`, layoutsFile(projectDir));
}

/**
 * Merges layouts an import job wrote into its work folder (`workDir` as a project) into the
 * project: maps are moved first, then layouts.json is rewritten, so a failure leaves the
 * project's list as it was.
 */
export async function commitImportedLayouts(workDir: string, projectDir: string): Promise<LayoutSet> {
  const incoming = await readLayoutSet(workDir);
  const existing = await readLayoutSet(projectDir).catch(() => ({ version: 1 as const, layouts: [] }));
  await fs.mkdir(path.dirname(mapsFile(projectDir, 'x')), { recursive: true });
  for (const l of incoming.layouts) await fs.rename(mapsFile(workDir, l.id), mapsFile(projectDir, l.id));
  const set: LayoutSet = { version: 1, layouts: [...existing.layouts.filter((e) => !incoming.layouts.some((l) => l.id === e.id)), ...incoming.layouts] };
  await writeJsonAtomic(layoutsFile(projectDir), set);
  return set;
}
