import type { EChartsOption } from 'echarts';
import type { BallMapperGraph, CategoryCount, ConceptResult } from '../schemas/concepts';
import { formatCount } from '../format';
import { type ChartTheme, themedAxis } from './theme';

/**
 * The Concepts screen's views (issue 21, ALGORITHMS-DETAIL §11), for the app and the PDF alike:
 * the retrieved features' UMAP scatter coloured by category and the Ball Mapper graph with each
 * node a pie of its members' categories, placed at its members' mean UMAP position so the two
 * views line up. Points are indices into the result's `features`; `selected` ones are drawn
 * strong and the rest faded, which is how a selection in one view shows in the others.
 */
export interface ConceptLayout {
  features: readonly number[];
  featureCategories: readonly (readonly string[])[];
  umap: { x: readonly number[]; y: readonly number[] };
  ballMapper: BallMapperGraph;
}

/** Categories in the order the views colour them: most features first, ties by name; empty ones left out. */
export function categoryOrder(categories: readonly CategoryCount[]): string[] {
  return categories.filter((c) => c.features > 0).sort((a, b) => b.features - a.features || a.name.localeCompare(b.name)).map((c) => c.name);
}

/** A feature's colouring category: the first of its categories in `order` (the pinned one first when it has it). */
export function leadCategory(cats: readonly string[], order: readonly string[], pinned: string | null): string {
  if (pinned && cats.includes(pinned)) return pinned;
  return order.find((c) => cats.includes(c)) ?? cats[0] ?? 'none';
}

export const categoryColour = (order: readonly string[], theme: ChartTheme, name: string): string => {
  const i = order.indexOf(name);
  return i < 0 ? theme.axis : theme.series[i % theme.series.length];
};

/** For each category, the retrieved features it shares with the pinned one (issue 21's "overlap with a pinned category"). */
export function categoryOverlap(featureCategories: readonly (readonly string[])[], pinned: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const cats of featureCategories) if (cats.includes(pinned)) for (const c of cats) out.set(c, (out.get(c) ?? 0) + 1);
  return out;
}

const FADED = 0.25;

export function conceptUmapOption(layout: ConceptLayout, order: readonly string[], selected: ReadonlySet<number>, theme: ChartTheme, pinned: string | null = null): EChartsOption {
  const n = layout.features.length;
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const lead = leadCategory(layout.featureCategories[i], order, pinned);
    (groups.get(lead) ?? groups.set(lead, []).get(lead)!).push(i);
  }
  const names = [...groups.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const anySelected = selected.size > 0;
  return {
    animation: false,
    aria: { enabled: true, label: { description: `UMAP of ${formatCount(n)} retrieved features' decoder directions (cosine), coloured by category; ${formatCount(selected.size)} selected.` } },
    legend: { top: 0, textStyle: { color: theme.text }, type: 'scroll' },
    grid: { left: 40, right: 16, top: 40, bottom: 40 },
    tooltip: {
      trigger: 'item', backgroundColor: theme.surface, borderColor: theme.axis, textStyle: { color: theme.text },
      formatter: (p: unknown) => {
        const i = (p as { value: number[] }).value[2];
        return `feature ${layout.features[i]}<br>${layout.featureCategories[i].join(', ')}`;
      },
    },
    xAxis: { ...themedAxis(theme, 'UMAP 1'), type: 'value', scale: true, nameGap: 24, axisLabel: { show: false } },
    yAxis: { ...themedAxis(theme, 'UMAP 2'), type: 'value', scale: true, nameGap: 16, axisLabel: { show: false } },
    series: names.map((name) => ({
      type: 'scatter' as const,
      name,
      color: categoryColour(order, theme, name),
      data: groups.get(name)!.map((i) => ({
        value: [layout.umap.x[i], layout.umap.y[i], i],
        symbolSize: selected.has(i) ? 12 : 7,
        itemStyle: { opacity: !anySelected || selected.has(i) ? 0.9 : FADED, borderColor: selected.has(i) ? theme.text : undefined, borderWidth: selected.has(i) ? 1.5 : 0 },
      })),
    })),
  };
}

export interface PieNode {
  x: number;
  y: number;
  members: number;
  slices: { name: string; count: number; colour: string }[];
  selected: boolean;
}

/** Each Ball Mapper node's place (its members' mean UMAP position) and its category composition. */
export function pieNodes(layout: ConceptLayout, order: readonly string[], selected: ReadonlySet<number>, theme: ChartTheme): PieNode[] {
  return layout.ballMapper.nodes.map((node) => {
    const counts = new Map<string, number>();
    let x = 0;
    let y = 0;
    for (const m of node.members) {
      x += layout.umap.x[m];
      y += layout.umap.y[m];
      for (const c of layout.featureCategories[m]) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const k = Math.max(1, node.members.length);
    const slices = [...counts].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([name, count]) => ({ name, count, colour: categoryColour(order, theme, name) }));
    return { x: x / k, y: y / k, members: node.members.length, slices, selected: node.members.some((m) => selected.has(m)) };
  });
}

export function ballMapperOption(layout: ConceptLayout, order: readonly string[], selected: ReadonlySet<number>, theme: ChartTheme): EChartsOption {
  const pies = pieNodes(layout, order, selected, theme);
  const largest = Math.max(1, ...pies.map((p) => p.members));
  const radius = (m: number) => 5 + 15 * Math.sqrt(m / largest);
  const anySelected = selected.size > 0;
  const bm = layout.ballMapper;
  return {
    animation: false,
    aria: { enabled: true, label: { description: `Ball Mapper graph at ε ${bm.epsilon}: ${formatCount(bm.nodes.length)} nodes (pies of category composition, sized by members) and ${formatCount(bm.edges.length)} edges between balls that share a feature.` } },
    grid: { left: 24, right: 24, top: 24, bottom: 24 },
    tooltip: {
      trigger: 'item', backgroundColor: theme.surface, borderColor: theme.axis, textStyle: { color: theme.text },
      formatter: (p: unknown) => {
        const { seriesType, dataIndex } = p as { seriesType: string; dataIndex: number };
        if (seriesType !== 'custom') return '';
        const pie = pies[dataIndex];
        return `node ${dataIndex}: ${formatCount(pie.members)} features<br>${pie.slices.map((s) => `${s.name}: ${s.count}`).join('<br>')}`;
      },
    },
    xAxis: { type: 'value', scale: true, show: false },
    yAxis: { type: 'value', scale: true, show: false },
    series: [
      {
        type: 'graph',
        coordinateSystem: 'cartesian2d',
        silent: true,
        symbolSize: 1,
        data: pies.map((p) => [p.x, p.y]),
        links: bm.edges.map(([source, target]) => ({ source, target })),
        lineStyle: { color: theme.axis, width: 1.2, opacity: 0.8 },
      },
      {
        type: 'custom',
        data: pies.map((p, i) => [p.x, p.y, i]),
        renderItem: (params, api) => {
          const pie = pies[params.dataIndex];
          const [cx, cy] = api.coord([pie.x, pie.y]);
          const r = radius(pie.members);
          const total = pie.slices.reduce((s, v) => s + v.count, 0) || 1;
          const fade = anySelected && !pie.selected ? FADED : 1;
          let start = -Math.PI / 2;
          const children: object[] = pie.slices.map((s) => {
            const end = start + (2 * Math.PI * s.count) / total;
            const sector = { type: 'sector', shape: { cx, cy, r0: 0, r, startAngle: start, endAngle: end }, style: { fill: s.colour, stroke: theme.surface, lineWidth: 0.5, opacity: fade } };
            start = end;
            return sector;
          });
          if (pie.selected) children.push({ type: 'circle', shape: { cx, cy, r: r + 2 }, style: { fill: 'none', stroke: theme.text, lineWidth: 2 } });
          return { type: 'group', children } as never;
        },
      },
    ],
  };
}

export const CONCEPT_COLUMNS = ['runId', 'set', 'feature', 'categories', 'concepts', 'bestScore', 'umapX', 'umapY', 'nodes'] as const;
export type ConceptFeatureRow = Record<(typeof CONCEPT_COLUMNS)[number], string | number>;

/** One row per retrieved feature (the report's -concepts.csv and the screen's download): categories, concepts, best score, UMAP place, Ball Mapper nodes. */
export function conceptFeatureRows(r: ConceptResult): ConceptFeatureRow[] {
  const nodesOf = r.features.map(() => [] as number[]);
  r.ballMapper.nodes.forEach((n, k) => n.members.forEach((m) => nodesOf[m].push(k)));
  const byFeature = new Map<number, ConceptResult['matches']>();
  for (const m of r.matches) (byFeature.get(m.feature) ?? byFeature.set(m.feature, []).get(m.feature)!).push(m);
  return r.features.map((f, i) => {
    const mine = byFeature.get(f) ?? [];
    return {
      runId: r.runId, set: r.setId, feature: f, categories: r.featureCategories[i].join('; '), concepts: mine.map((m) => m.concept).join('; '),
      bestScore: Math.max(...mine.map((m) => m.score)), umapX: r.umap.x[i], umapY: r.umap.y[i], nodes: nodesOf[i].join('; '),
    };
  });
}
