import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

/**
 * A chart option drawn to an SVG string with ECharts' server-side renderer, so the PDF holds
 * exactly the chart the screens draw from the same builder (vector, not a screenshot).
 */
export function chartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
