import { barChart, columnChart, escapeXml, labelStride, lineChart, niceTicks, SERIES_STYLES, spreadLabels } from './charts.js';

const format = (value: number) => String(value);

/** The values of an attribute on every element with that tag. */
const attributes = (svg: string, tag: string, attribute: string) =>
  [...svg.matchAll(new RegExp(`<${tag}\\b[^>]*\\s${attribute}="([^"]*)"`, 'g'))].map((match) => match[1]);

const texts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);

describe('chart helpers', () => {
  describe('niceTicks', () => {
    it('covers the highest value with round steps from 0', () => {
      expect(niceTicks(93)).toEqual([0, 20, 40, 60, 80, 100]);
      expect(niceTicks(1_234_567)).toEqual([0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000]);
      expect(niceTicks(0.42)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    });

    it('keeps whole numbers for counts, even small ones', () => {
      expect(niceTicks(3, 5, true)).toEqual([0, 1, 2, 3]);
      expect(niceTicks(12, 5, true)).toEqual([0, 5, 10, 15]);
      expect(niceTicks(25, 5, true).every(Number.isInteger)).toBe(true);
    });

    it('draws an axis from 0 to 1 when there is nothing to show', () => {
      expect(niceTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
      expect(niceTicks(0, 5, true)).toEqual([0, 1]);
      expect(niceTicks(Number.NaN, 5, true)).toEqual([0, 1]);
    });

    it('never stops below the highest value', () => {
      for (const max of [1, 7, 9.99, 10, 11, 99, 101, 4_999, 123_456]) {
        const ticks = niceTicks(max, 5, Number.isInteger(max));
        expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
        expect(ticks.length).toBeLessThanOrEqual(12);
      }
    });
  });

  it('writes at most as many axis labels as there is room for', () => {
    expect(labelStride(12, 12)).toBe(1);
    expect(labelStride(31, 10)).toBe(4);
    expect(labelStride(5, 0)).toBe(5);
  });

  describe('spreadLabels', () => {
    it('moves labels apart keeping their order', () => {
      expect(spreadLabels([100, 104], 14, 0, 300)).toEqual([100, 114]);
      expect(spreadLabels([104, 100], 14, 0, 300)).toEqual([114, 100]);
    });

    it('stays within the plot, pushing labels up from the bottom', () => {
      expect(spreadLabels([290, 295, 298], 14, 0, 300)).toEqual([272, 286, 300]);
      expect(spreadLabels([-20], 14, 0, 300)).toEqual([0]);
    });

    it('leaves labels that are far enough apart where they are', () => {
      expect(spreadLabels([50, 150, 250], 14, 0, 300)).toEqual([50, 150, 250]);
    });
  });

  it('escapes what it writes', () => {
    expect(escapeXml(`<script>"a" & 'b'</script>`)).toBe('&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;');
  });
});

describe('lineChart', () => {
  const chart = lineChart({
    id: 'occ',
    title: 'Occupied <beds>',
    description: 'Two lines & a gap',
    categories: ['Jan', 'Feb', 'Mar', 'Apr'],
    series: [
      { name: 'Occupied', values: [10, null, 30, 40], marks: [null, '<5', null, null] },
      { name: 'Capacity', values: [50, 50, 50, 50] },
    ],
    format,
    integers: true,
  });

  it('is an image named by its title and description, escaped', () => {
    expect(chart).toMatch(/^<svg [^>]*role="img" aria-labelledby="occ-title occ-desc"/);
    expect(chart).toContain('<title id="occ-title">Occupied &lt;beds&gt;</title>');
    expect(chart).toContain('<desc id="occ-desc">Two lines &amp; a gap</desc>');
  });

  it('tells the series apart by dash and marker, not colour alone', () => {
    const dashes = attributes(chart, 'path', 'stroke-dasharray');
    expect(dashes).toEqual([SERIES_STYLES[1].dash]); // the first series is solid, the second dashed
    expect((chart.match(/<circle /g) ?? []).length).toBe(3 + 1); // three points and the legend's sample
    expect((chart.match(/<rect /g) ?? []).length).toBe(4 + 1);
  });

  it('breaks a line where a value is not published and writes its mark there', () => {
    const first = chart.match(/<g class="chart-series" data-series="0"><path d="([^"]+)"/)![1];
    expect(first.match(/M/g)).toHaveLength(2);
    expect(texts(chart)).toContain('&lt;5');
  });

  it('has a legend and labels each line where it ends', () => {
    expect(texts(chart).filter((text) => text === 'Occupied')).toHaveLength(2);
    expect(texts(chart).filter((text) => text === 'Capacity')).toHaveLength(2);
    expect(texts(chart)).toEqual(expect.arrayContaining(['Jan', 'Apr', '0', '50']));
  });

  it('uses no inline style and no script, which the page’s CSP would refuse', () => {
    expect(chart).not.toMatch(/style=|<style|<script|on\w+=/i);
  });
});

describe('columnChart', () => {
  const chart = columnChart({
    id: 'moves',
    title: 'Admissions and discharges',
    description: 'Bars',
    categories: ['Jan', 'Feb'],
    series: [
      { name: 'Admissions', values: [12, null], marks: [null, '[c]'] },
      { name: 'Discharges', values: [7, 0] },
    ],
    format,
    integers: true,
  });

  it('fills the second series with a pattern of its own, defined under the chart’s id', () => {
    expect(chart).toContain('<pattern id="moves-fill-1"');
    expect(attributes(chart, 'rect', 'fill')).toContain('url(#moves-fill-1)');
  });

  it('draws a bar for each published value above zero, labelled with its value', () => {
    const barsPerSeries = [...chart.matchAll(/<g class="chart-series" data-series="\d">(.*?)<\/g>/g)].map((match) => (match[1].match(/<rect /g) ?? []).length);
    expect(barsPerSeries).toEqual([1, 1]);
    expect(texts(chart)).toEqual(expect.arrayContaining(['12', '7', '[c]']));
  });

  it('keeps ids unique to the chart so that two charts can share a page', () => {
    const ids = attributes(chart, '\\w+', 'id');
    expect(ids.every((id) => id.startsWith('moves-'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('turns a mark on its side when its bar is too narrow for it', () => {
    const narrow = columnChart({
      id: 'days',
      title: 'Daily',
      description: 'Many days',
      categories: Array.from({ length: 31 }, (_, day) => String(day + 1)),
      series: [{ name: 'Admissions', values: Array.from({ length: 31 }, () => null), marks: Array.from({ length: 31 }, () => '<5') }],
      format,
      integers: true,
      width: 400,
    });
    expect(narrow).toMatch(/transform="rotate\(-90 /);
    // and only some day labels are written
    expect(texts(narrow).filter((text) => /^\d+$/.test(text) && Number(text) > 1).length).toBeLessThan(31);
  });
});

describe('barChart', () => {
  const chart = barChart({
    id: 'spend',
    title: 'Spend by category',
    description: 'One bar per category',
    rows: [
      { label: 'Catering', value: 300_00, text: '€300.00' },
      { label: 'Legal aid & advice', value: 100_00, text: '€100.00' },
      { label: 'Other', value: 0, text: '€0.00' },
    ],
  });

  it('labels every row and its value directly', () => {
    expect(texts(chart)).toEqual(['Catering', '€300.00', 'Legal aid &amp; advice', '€100.00', 'Other', '€0.00']);
  });

  it('draws bars in proportion, none for a zero', () => {
    const widths = attributes(chart, 'rect', 'width').map(Number);
    expect(widths).toHaveLength(2);
    expect(widths[0] / widths[1]).toBeCloseTo(3, 1);
  });

  it('shortens a label too long for its room, which the table gives whole', () => {
    const long = barChart({ id: 'x', title: 't', description: 'd', width: 300, rows: [{ label: 'Equipment (CCTV, drones, night vision)', value: 1, text: '€1' }] });
    const [label] = texts(long);
    expect(label).toMatch(/^Equipment.*…$/);
    expect(label.length).toBeLessThan(30);
  });

  it('grows with its rows', () => {
    const height = (svg: string) => Number(svg.match(/viewBox="0 0 \d+ (\d+)"/)![1]);
    expect(height(barChart({ id: 'x', title: 't', description: 'd', rows: [] }))).toBeGreaterThan(0);
    expect(height(chart)).toBeGreaterThan(height(barChart({ id: 'x', title: 't', description: 'd', rows: [{ label: 'a', value: 1, text: '1' }] })));
  });
});
