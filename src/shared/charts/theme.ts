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
  series: ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed'],
};

export const darkChartTheme: ChartTheme = {
  name: 'dark',
  text: '#e4e7eb',
  axis: '#9aa5b1',
  grid: '#323f4b',
  surface: '#1f2933',
  series: ['#60a5fa', '#fbbf24', '#34d399', '#f87171', '#a78bfa'],
};

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
