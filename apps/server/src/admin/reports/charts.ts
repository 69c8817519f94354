/*
 * Small charts for the report pages, drawn on the server as inline SVG: the pages run no script
 * (the Content-Security-Policy forbids it) and allow no inline style, so everything is drawn with
 * SVG presentation attributes. A chart never relies on colour alone: each series has its own dash
 * and marker (lines) or fill pattern (bars), the legend shows them, and lines are labelled where
 * they end. A value that is not published (a hidden count) leaves a gap with its mark written in
 * it. Every text is escaped here, so a chart can be put in a page as it is; the page follows each
 * chart with a table of the same numbers.
 */

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';
export type Fill = 'solid' | 'hatch' | 'dots' | 'cross';

interface SeriesStyle {
  colour: string;
  /** stroke-dasharray; empty for a solid line */
  dash: string;
  marker: Marker;
  fill: Fill;
}

/** One style per series, in order; the colours keep 4.5:1 contrast on white, and each style differs in shape as well. */
export const SERIES_STYLES: readonly SeriesStyle[] = [
  { colour: '#0b5cad', dash: '', marker: 'circle', fill: 'solid' },
  { colour: '#8a4500', dash: '8 4', marker: 'square', fill: 'hatch' },
  { colour: '#1d6b37', dash: '2 3', marker: 'triangle', fill: 'dots' },
  { colour: '#5b2a86', dash: '10 3 2 3', marker: 'diamond', fill: 'cross' },
];

const INK = '#1b1f24';
const MUTED = '#4a5560';
const GRID = '#d5dbe1';
const FONT_SIZE = 12;
const SMALL_FONT_SIZE = 10;
/** An estimate of a character's width at FONT_SIZE, to make room for labels without measuring text. */
const CHAR_WIDTH = 7.2;

export interface Series {
  name: string;
  /** One value per category; null where the value is not published. */
  values: readonly (number | null)[];
  /** What stands in for a value that is not published ("<5", "[c]"), written where the value would be. */
  marks?: readonly (string | null | undefined)[];
}

export interface ChartOptions {
  /** Unique in the page: prefixes the ids of the chart's title, description and patterns. */
  id: string;
  title: string;
  description: string;
  /** The labels of the x axis (periods), already formatted. */
  categories: readonly string[];
  series: readonly Series[];
  /** How a value is written on the axis and in labels. */
  format: (value: number) => string;
  /** Counts: ticks on whole numbers only. */
  integers?: boolean;
  width?: number;
  height?: number;
}

export interface BarRow {
  label: string;
  value: number;
  /** The value as written at the end of its bar. */
  text: string;
}

export interface BarChartOptions {
  id: string;
  title: string;
  description: string;
  rows: readonly BarRow[];
  width?: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (character) => ESCAPES[character]);

/** A coordinate, to a tenth of a pixel. */
const px = (value: number): string => String(Math.round(value * 10) / 10);

const textWidth = (text: string, fontSize = FONT_SIZE): number => (text.length * CHAR_WIDTH * fontSize) / FONT_SIZE;

/**
 * Round values for an axis from 0 to at least `max`: steps of 1, 2, 2.5 or 5 times a power of ten
 * (no 2.5 for whole numbers), about `count` of them.
 */
export function niceTicks(max: number, count = 5, integers = false): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = top / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiples = integers ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = multiples.map((multiple) => multiple * power).find((candidate) => candidate >= rough) ?? 10 * power;
  if (integers) step = Math.max(1, Math.round(step));
  const steps = Math.ceil(top / step - 1e-9);
  return Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}

/** Shows every n-th label so that at most `maxLabels` are written. */
export const labelStride = (count: number, maxLabels: number): number => Math.max(1, Math.ceil(count / Math.max(1, maxLabels)));

/**
 * Moves labels apart so that no two are closer than `gap`, keeping their order and staying
 * between `min` and `max` where there is room: for labels at the end of lines that end close together.
 */
export function spreadLabels(positions: readonly number[], gap: number, min: number, max: number): number[] {
  const order = positions.map((position, index) => ({ position, index })).sort((a, b) => a.position - b.position || a.index - b.index);
  const placed = order.map((entry) => Math.min(Math.max(entry.position, min), max));
  for (let i = 1; i < placed.length; i++) placed[i] = Math.max(placed[i], placed[i - 1] + gap);
  if (placed.length > 0 && placed[placed.length - 1] > max) {
    placed[placed.length - 1] = max;
    for (let i = placed.length - 2; i >= 0; i--) placed[i] = Math.min(placed[i], placed[i + 1] - gap);
  }
  const result: number[] = new Array(positions.length);
  order.forEach((entry, rank) => (result[entry.index] = placed[rank]));
  return result;
}

function markerShape(marker: Marker, x: number, y: number, colour: string, size = 4): string {
  const common = `fill="${colour}" stroke="#ffffff" stroke-width="1"`;
  switch (marker) {
    case 'circle':
      return `<circle cx="${px(x)}" cy="${px(y)}" r="${px(size)}" ${common}/>`;
    case 'square':
      return `<rect x="${px(x - size)}" y="${px(y - size)}" width="${px(size * 2)}" height="${px(size * 2)}" ${common}/>`;
    case 'triangle':
      return `<path d="M${px(x)} ${px(y - size - 1)}L${px(x + size + 1)} ${px(y + size)}L${px(x - size - 1)} ${px(y + size)}Z" ${common}/>`;
    case 'diamond':
      return `<path d="M${px(x)} ${px(y - size - 1)}L${px(x + size + 1)} ${px(y)}L${px(x)} ${px(y + size + 1)}L${px(x - size - 1)} ${px(y)}Z" ${common}/>`;
  }
}

/** The fill patterns of a chart's bars, with ids under the chart's own. */
function patternDefs(id: string, styles: readonly SeriesStyle[]): string {
  const defs = styles
    .map((style, index) => {
      const patternId = `${id}-fill-${index}`;
      const background = `<rect width="8" height="8" fill="#ffffff"/>`;
      switch (style.fill) {
        case 'solid':
          return '';
        case 'hatch':
          return `<pattern id="${patternId}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">${background}<rect width="4" height="8" fill="${style.colour}"/></pattern>`;
        case 'dots':
          return `<pattern id="${patternId}" width="6" height="6" patternUnits="userSpaceOnUse">${background}<circle cx="3" cy="3" r="1.8" fill="${style.colour}"/></pattern>`;
        case 'cross':
          return `<pattern id="${patternId}" width="8" height="8" patternUnits="userSpaceOnUse">${background}<path d="M0 0L8 8M8 0L0 8" stroke="${style.colour}" stroke-width="1.5"/></pattern>`;
      }
    })
    .join('');
  return defs ? `<defs>${defs}</defs>` : '';
}

const fillOf = (id: string, style: SeriesStyle, index: number) => (style.fill === 'solid' ? style.colour : `url(#${id}-fill-${index})`);

const styleOf = (index: number): SeriesStyle => SERIES_STYLES[index % SERIES_STYLES.length];

/** The outer element: an image for assistive technology, named by its title and description. */
function svg(id: string, width: number, height: number, title: string, description: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" font-size="${FONT_SIZE}">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${body}</svg>`
  );
}

/** The legend, across the top: each series' sample (line with its marker, or a swatch of its fill) and its name. */
function legend(id: string, series: readonly Series[], kind: 'line' | 'bar', left: number): string {
  let x = left;
  const items = series.map((entry, index) => {
    const style = styleOf(index);
    const sample =
      kind === 'line'
        ? `<line x1="${px(x)}" y1="12" x2="${px(x + 28)}" y2="12" stroke="${style.colour}" stroke-width="2.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>${markerShape(style.marker, x + 14, 12, style.colour)}`
        : `<rect x="${px(x)}" y="5" width="16" height="14" fill="${fillOf(id, style, index)}" stroke="${style.colour}" stroke-width="1.5"/>`;
    const sampleWidth = kind === 'line' ? 28 : 16;
    const label = `<text x="${px(x + sampleWidth + 6)}" y="16" fill="${INK}">${escapeXml(entry.name)}</text>`;
    x += sampleWidth + 6 + textWidth(entry.name) + 20;
    return `<g class="chart-legend-item">${sample}${label}</g>`;
  });
  return `<g class="chart-legend">${items.join('')}</g>`;
}

interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
  ticks: number[];
  y: (value: number) => number;
}

/** The value axis: gridlines and tick labels from 0 to the highest value. */
function valueAxis(options: ChartOptions, width: number, height: number, rightMargin: number): { frame: Frame; markup: string } {
  const values = options.series.flatMap((entry) => entry.values).filter((value): value is number => value !== null && Number.isFinite(value));
  const ticks = niceTicks(Math.max(0, ...values), 5, options.integers);
  const tickLabels = ticks.map((tick) => options.format(tick));
  const left = Math.max(40, ...tickLabels.map((label) => textWidth(label) + 14));
  const frame: Frame = { left, right: width - rightMargin, top: 40, bottom: height - 34, ticks, y: () => 0 };
  const topTick = ticks[ticks.length - 1];
  frame.y = (value: number) => frame.bottom - (value / topTick) * (frame.bottom - frame.top);
  const markup = ticks
    .map((tick, index) => {
      const y = frame.y(tick);
      return (
        `<line x1="${px(frame.left)}" y1="${px(y)}" x2="${px(frame.right)}" y2="${px(y)}" stroke="${index === 0 ? MUTED : GRID}" stroke-width="1"/>` +
        `<text x="${px(frame.left - 8)}" y="${px(y + 4)}" text-anchor="end" fill="${MUTED}">${escapeXml(tickLabels[index])}</text>`
      );
    })
    .join('');
  return { frame, markup: `<g class="chart-axis">${markup}</g>` };
}

/** The category labels under the plot, thinned out when there are many. */
function categoryAxis(categories: readonly string[], xOf: (index: number) => number, frame: Frame): string {
  const widest = Math.max(1, ...categories.map((label) => textWidth(label, SMALL_FONT_SIZE)));
  const stride = labelStride(categories.length, Math.floor((frame.right - frame.left) / (widest + 8)));
  return `<g class="chart-categories">${categories
    .map((label, index) =>
      index % stride === 0
        ? `<text x="${px(xOf(index))}" y="${px(frame.bottom + 16)}" text-anchor="middle" font-size="${SMALL_FONT_SIZE}" fill="${MUTED}">${escapeXml(label)}</text>`
        : '',
    )
    .join('')}</g>`;
}

/** A mark standing in for a value that is not published, written upright or, in a narrow slot, on its side. */
function markText(mark: string, x: number, y: number, colour: string, slotWidth: number): string {
  const upright = slotWidth >= textWidth(mark, SMALL_FONT_SIZE) + 2;
  const transform = upright ? '' : ` transform="rotate(-90 ${px(x)} ${px(y)})"`;
  return `<text x="${px(x)}" y="${px(y)}" text-anchor="${upright ? 'middle' : 'start'}" font-size="${SMALL_FONT_SIZE}" font-weight="700" fill="${colour}"${transform}>${escapeXml(mark)}</text>`;
}

/** Lines over periods, one per series: occupancy against capacity, spend against budget. */
export function lineChart(options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const labelRoom = Math.min(160, Math.max(0, ...options.series.map((entry) => textWidth(entry.name))) + 16);
  const { frame, markup: axis } = valueAxis(options, width, height, labelRoom);
  const count = options.categories.length;
  const step = count > 1 ? (frame.right - frame.left - 16) / (count - 1) : 0;
  const xOf = (index: number) => (count > 1 ? frame.left + 8 + index * step : (frame.left + frame.right) / 2);
  const lines: string[] = [];
  const ends: { x: number; y: number; index: number }[] = [];
  options.series.forEach((entry, seriesIndex) => {
    const style = styleOf(seriesIndex);
    let path = '';
    let drawing = false;
    const markers: string[] = [];
    const marks: string[] = [];
    entry.values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) {
        drawing = false;
        const mark = entry.marks?.[index];
        if (mark) marks.push(markText(mark, xOf(index), frame.bottom - 6 - seriesIndex * 12, style.colour, count > 1 ? step : frame.right - frame.left));
        return;
      }
      const x = xOf(index);
      const y = frame.y(value);
      path += `${drawing ? 'L' : 'M'}${px(x)} ${px(y)}`;
      drawing = true;
      markers.push(markerShape(style.marker, x, y, style.colour));
    });
    const last = entry.values.reduce<number>((found, value, index) => (value !== null && Number.isFinite(value) ? index : found), -1);
    if (last >= 0) ends.push({ x: xOf(last), y: frame.y(entry.values[last] as number), index: seriesIndex });
    lines.push(
      `<g class="chart-series" data-series="${seriesIndex}">` +
        (path ? `<path d="${path}" fill="none" stroke="${style.colour}" stroke-width="2.5" stroke-linejoin="round"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>` : '') +
        // Many points close together read better as a line alone.
        (step >= 6 || count === 1 ? markers.join('') : '') +
        marks.join('') +
        `</g>`,
    );
  });
  const labelYs = spreadLabels(ends.map((end) => end.y + 4), 14, frame.top + 4, frame.bottom);
  const directLabels = ends
    .map((end, rank) => `<text x="${px(end.x + 10)}" y="${px(labelYs[rank])}" fill="${styleOf(end.index).colour}" font-weight="600">${escapeXml(options.series[end.index].name)}</text>`)
    .join('');
  return svg(
    options.id,
    width,
    height,
    options.title,
    options.description,
    legend(options.id, options.series, 'line', frame.left) + axis + categoryAxis(options.categories, xOf, frame) + lines.join('') + `<g class="chart-labels">${directLabels}</g>`,
  );
}

/** Bars side by side for each period, one per series: admissions and discharges. */
export function columnChart(options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const { frame, markup: axis } = valueAxis(options, width, height, 12);
  const count = Math.max(1, options.categories.length);
  const slot = (frame.right - frame.left) / count;
  const seriesCount = Math.max(1, options.series.length);
  const barWidth = (slot * 0.8) / seriesCount;
  const xOf = (index: number) => frame.left + slot * (index + 0.5);
  const barX = (index: number, seriesIndex: number) => frame.left + slot * index + slot * 0.1 + barWidth * seriesIndex;
  const widestValue = Math.max(0, ...options.series.flatMap((entry) => entry.values.map((value) => (value === null ? 0 : textWidth(options.format(value), SMALL_FONT_SIZE)))));
  const labelValues = barWidth >= widestValue + 2;
  const bars = options.series.map((entry, seriesIndex) => {
    const style = styleOf(seriesIndex);
    const parts = entry.values.map((value, index) => {
      const x = barX(index, seriesIndex);
      const centre = x + barWidth / 2;
      if (value === null || !Number.isFinite(value)) {
        const mark = entry.marks?.[index];
        return mark ? markText(mark, centre, frame.bottom - 4, style.colour, barWidth) : '';
      }
      const y = frame.y(value);
      const rect = value > 0 ? `<rect x="${px(x)}" y="${px(y)}" width="${px(Math.max(1, barWidth - 1))}" height="${px(frame.bottom - y)}" fill="${fillOf(options.id, style, seriesIndex)}" stroke="${style.colour}" stroke-width="1.5"/>` : '';
      const label = labelValues ? `<text x="${px(centre)}" y="${px(y - 4)}" text-anchor="middle" font-size="${SMALL_FONT_SIZE}" fill="${INK}">${escapeXml(options.format(value))}</text>` : '';
      return rect + label;
    });
    return `<g class="chart-series" data-series="${seriesIndex}">${parts.join('')}</g>`;
  });
  return svg(
    options.id,
    width,
    height,
    options.title,
    options.description,
    patternDefs(options.id, options.series.map((_, index) => styleOf(index))) + legend(options.id, options.series, 'bar', frame.left) + axis + categoryAxis(options.categories, xOf, frame) + bars.join(''),
  );
}

/** One bar per row, across, each labelled with its value: spend by category. */
export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 720;
  const rowHeight = 26;
  const top = 8;
  const height = top + Math.max(1, options.rows.length) * rowHeight + 8;
  // Labels take at most 45% of the width; a longer one is shortened (the table under the chart has it whole).
  const labelRoom = Math.round(width * 0.45);
  const labelOf = (label: string) => (textWidth(label) + 16 <= labelRoom ? label : `${label.slice(0, Math.max(1, Math.floor((labelRoom - 16) / CHAR_WIDTH) - 1))}…`);
  const left = Math.min(labelRoom, Math.max(60, ...options.rows.map((row) => textWidth(row.label) + 16)));
  const right = width - Math.min(200, Math.max(40, ...options.rows.map((row) => textWidth(row.text) + 16)));
  const max = Math.max(0, ...options.rows.map((row) => row.value));
  const xOf = (value: number) => left + (max > 0 ? (value / max) * (right - left) : 0);
  const style = styleOf(0);
  const rows = options.rows.map((row, index) => {
    const y = top + index * rowHeight;
    const end = xOf(Math.max(0, row.value));
    const bar = row.value > 0 ? `<rect x="${px(left)}" y="${px(y + 4)}" width="${px(Math.max(1, end - left))}" height="18" fill="${style.colour}"/>` : '';
    return (
      `<g class="chart-row">` +
      `<text x="${px(left - 8)}" y="${px(y + 17)}" text-anchor="end" fill="${INK}">${escapeXml(labelOf(row.label))}</text>` +
      bar +
      `<text x="${px(end + 6)}" y="${px(y + 17)}" fill="${INK}" font-weight="600">${escapeXml(row.text)}</text>` +
      `</g>`
    );
  });
  const axis = `<line x1="${px(left)}" y1="${top}" x2="${px(left)}" y2="${px(height - 8)}" stroke="${MUTED}" stroke-width="1"/>`;
  return svg(options.id, width, height, options.title, options.description, axis + rows.join(''));
}
