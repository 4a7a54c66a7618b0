import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

/** Width of `text` set in the CSS `font` ECharts asks about ("bold 12px sans-serif"), in the units the chart is drawn in. */
export type MeasureText = (text: string, font: string) => number;

/** The measure of the chart being drawn, and null between charts, so no finished report is held. */
let measuring: MeasureText | null = null;
let hooked = false;

/** A chart drawn without a measure after one drawn with it: a glyph is taken as 0.6 em. */
const rough: MeasureText = (text, font) => 0.6 * Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12) * text.length;

/**
 * A chart option drawn to an SVG string with ECharts' server-side renderer, so the PDF holds
 * exactly the chart the screens draw from the same builder (vector, not a screenshot).
 * `measure` gives ECharts the widths of the faces the PDF will set the text in: without it,
 * Node has no canvas and ECharts guesses from narrower metrics, so legends ran into their
 * neighbours and wrapped labels came out wider than the room left for them.
 */
export function chartSvg(option: EChartsOption, width: number, height: number, measure?: MeasureText): string {
  // ECharts reads text widths through one process-wide hook: set once, pointed at this chart's faces while it is drawn
  if (measure && !hooked) {
    echarts.setPlatformAPI({ measureText: (text?: string, font?: string) => ({ width: (measuring ?? rough)(text ?? '', font ?? '12px sans-serif') }) });
    hooked = true;
  }
  measuring = measure ?? null;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
    measuring = null;
  }
}
