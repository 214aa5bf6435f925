/** What the report charts share: the chart record, fonts, colours and amount labels (drawing: svg-plot.ts). */

/** A chart rendered for a report: an inline SVG and what it shows. */
export interface ChartSpec {
  /** Stable id (`prices`, `equity-0`, …): the figure's anchor. */
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

// Single quotes inside, so the list can sit in a double-quoted attribute as it is.
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/**
 * Colour-blind-safe palette (after Okabe & Ito 2008, darkened for print) for modes, assets and runs, in order.
 * Orange and purple are kept for the two causes of underfunding, red for liquidations.
 */
export const PALETTE = ['#0868ac', '#009e73', '#b8860b', '#e7298a', '#4aa3df', '#66a61e', '#8c6d31', '#444444', '#1b9e77', '#7570b3'];
export const CAUSE_COLOURS = { correlation_breakdown: '#d55e00', volatility: '#6a3d9a', implied_volatility: '#009e73' } as const;
/** Shading of stress-overlay windows. */
export const OVERLAY_BAND = { colour: '#b8860b', opacity: 0.12 } as const;
export const ALERT_COLOUR = '#c62828';
export const REQUIREMENT_COLOUR = '#333333';

/** `1,500,000` → `1.5M`, `-25,000` → `-25k`: short axis labels for amounts. */
export function compactAmount(x: number): string {
  const a = Math.abs(x);
  const [scale, suffix] = a >= 1e9 ? [1e9, 'B'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = x / scale;
  return `${Number(v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2))}${suffix}`;
}
