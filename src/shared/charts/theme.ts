/**
 * Colours a chart is drawn with. Builders take a theme as a parameter (never read the DOM or
 * a media query) so the same builder draws the light and dark screens and the PDF reports.
 */
export interface ChartTheme {
  name: 'light' | 'dark';
  /** axis labels, names and tooltips */
  text: string;
  /** axis lines and ticks */
  axis: string;
  /** grid lines */
  grid: string;
  /** tooltip background */
  surface: string;
  /** series colours in order; the first is the accent */
  series: string[];
}

export const lightChartTheme: ChartTheme = {
  name: 'light',
  text: '#1f2933',
  axis: '#7b8794',
  grid: '#e4e7eb',
  surface: '#ffffff',
  series: ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#92400e', '#475569'],
};

export const darkChartTheme: ChartTheme = {
  name: 'dark',
  text: '#e4e7eb',
  axis: '#9aa5b1',
  grid: '#323f4b',
  surface: '#1f2933',
  series: ['#60a5fa', '#fbbf24', '#34d399', '#f87171', '#a78bfa', '#22d3ee', '#f472b6', '#a3e635', '#d6a46c', '#cbd5e1'],
};

/** Marker shapes, taken in turn once the colours run out, so no two series look alike. */
const SYMBOLS = ['circle', 'diamond', 'triangle', 'rect'] as const;

/** The colour and marker of the i-th series of a chart with one entry per category. */
export function seriesLook(theme: ChartTheme, i: number): { color: string; symbol: (typeof SYMBOLS)[number] } {
  const n = theme.series.length;
  return { color: theme.series[i % n], symbol: SYMBOLS[Math.floor(i / n) % SYMBOLS.length] };
}

/**
 * The top margin that keeps a plot clear of a legend of these entries. ECharts wraps a legend
 * that does not fit onto more rows but does not move the plot, so a long legend covered its
 * top. Rows are counted for a chart `width` pixels wide (a report page's chart is about 480;
 * wider screens keep some spare room).
 */
export function topBelowLegend(labels: readonly string[], width = 480): number {
  let rows = 1;
  let used = 0;
  for (const label of labels) {
    // icon, gap, text at about 7.2 px a character (the PDF's DejaVu Sans at 12 px; screen faces are narrower), item gap
    const item = 25 + 5 + 7.2 * label.length + 10;
    if (used > 0 && used + item > width) [rows, used] = [rows + 1, 0];
    used += item;
  }
  return 16 + 24 * rows;
}

/** Axis styling shared by every cartesian builder: named axis, themed lines and labels. */
export function themedAxis(theme: ChartTheme, name: string) {
  return {
    name,
    nameLocation: 'middle' as const,
    nameTextStyle: { color: theme.text },
    axisLine: { lineStyle: { color: theme.axis } },
    axisTick: { lineStyle: { color: theme.axis } },
    axisLabel: { color: theme.text },
    splitLine: { lineStyle: { color: theme.grid } },
  };
}

export function themedTooltip(theme: ChartTheme) {
  return {
    trigger: 'axis' as const,
    backgroundColor: theme.surface,
    borderColor: theme.axis,
    textStyle: { color: theme.text },
  };
}
