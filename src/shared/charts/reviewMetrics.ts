import type { EChartsOption } from 'echarts';
import { REVIEW_MODELS, REVIEW_MODEL_TITLES, type ReviewModelMetrics } from '../schemas/reviews';
import type { RunTable } from './runTable';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';
import { fixedOrDash } from '../format';

const f3 = (v: number | null | undefined) => fixedOrDash(v, 3);
const ci = (v: number | null, lo: number | null, hi: number | null) => `${f3(v)} [${f3(lo)}, ${f3(hi)}]`;

/** The models present, in table order. */
const present = (models: Readonly<Record<string, ReviewModelMetrics>>) => REVIEW_MODELS.filter((m) => models[m]);

/** One row per model: Spearman ρ, MAE and NDCG@10 within product, each "value [95% interval]", on the test split. */
export function reviewMetricsTable(models: Readonly<Record<string, ReviewModelMetrics>>): RunTable {
  return {
    columns: [
      { key: 'model', label: 'model (test split)', align: 'left' },
      { key: 'spearman', label: 'Spearman ρ', align: 'right' },
      { key: 'mae', label: 'MAE', align: 'right' },
      { key: 'ndcg10', label: 'NDCG@10 in product', align: 'right' },
    ],
    rows: present(models).map((m) => {
      const x = models[m];
      return [REVIEW_MODEL_TITLES[m], ci(x.spearman, x.spearmanLow, x.spearmanHigh), ci(x.mae, x.maeLow, x.maeHigh), ci(x.ndcg10, x.ndcg10Low, x.ndcg10High)];
    }),
  };
}

/** Test Spearman ρ per model as horizontal bars (first model on top), the 95% interval in each label and tooltip. */
export function reviewSpearmanOption(models: Readonly<Record<string, ReviewModelMetrics>>, theme: ChartTheme, selectionSplit: number | null = null): EChartsOption {
  const names = present(models).reverse();
  const label = (m: (typeof names)[number]) => ci(models[m].spearman, models[m].spearmanLow, models[m].spearmanHigh);
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Test Spearman ρ: ${names.map((m) => `${REVIEW_MODEL_TITLES[m]} ${f3(models[m].spearman)}`).join(', ')}.` } },
    // model names wrap at 140 px (measured in the renderer's metrics; the PDF's DejaVu sets wider) rather than taking 260: on a PDF page that left the bars 90 px and overprinted the axis numbers
    grid: { left: 172, right: 150, top: 16, bottom: 48 },
    tooltip: { ...themedTooltip(theme), trigger: 'axis', formatter: (p: unknown) => { const i = (p as { dataIndex: number }[])[0].dataIndex; return `${REVIEW_MODEL_TITLES[names[i]]}: ρ ${label(names[i])}`; } },
    xAxis: { ...themedAxis(theme, 'Spearman ρ on the test split (95% interval in brackets)'), type: 'value', nameGap: 28, splitNumber: 4, axisLabel: { color: theme.text, hideOverlap: true } },
    yAxis: { ...themedAxis(theme, ''), type: 'category', data: names.map((m) => REVIEW_MODEL_TITLES[m]), axisLabel: { color: theme.text, width: 140, overflow: 'break' } },
    series: [
      {
        type: 'bar',
        name: 'Spearman ρ',
        barMaxWidth: 26,
        data: names.map((m) => ({ value: models[m].spearman ?? 0, itemStyle: { color: m === 'discovered' ? theme.series[0] : theme.series[1] } })),
        label: { show: true, position: 'right', color: theme.text, formatter: (p: { dataIndex: number }) => label(names[p.dataIndex]) },
        ...(selectionSplit === null ? {} : { markLine: { symbol: 'none', silent: true, lineStyle: { color: theme.axis, type: 'dashed' }, label: { color: theme.text, formatter: 'discovered, on its selection split' }, data: [{ xAxis: selectionSplit }] } }),
      },
    ],
  };
}
