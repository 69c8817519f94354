import { readFileSync } from 'node:fs';

/*
 * The focus ring is the dark `--focus` outline, with the light `--focus-halo` between it and the
 * control. WCAG 1.4.11 asks 3:1 against the colours next to it: every page background, and the halo.
 */
const css = readFileSync(new URL('../../public/app.css', import.meta.url), 'utf8');
const colours = Object.fromEntries([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map(([, name, hex]) => [name, hex]));

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const BACKGROUNDS = ['paper', 'wash', 'info-wash', 'danger-wash', 'ok-wash', 'warn-wash', 'free', 'taken', 'off'];

describe('focus ring contrast', () => {
  it('reads the ring, the halo and every background from the style sheet', () => {
    for (const name of ['focus', 'focus-halo', ...BACKGROUNDS]) expect(colours[name]).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('is at least 3:1 against white and every page background', () => {
    for (const name of BACKGROUNDS) expect({ name, ratio: contrast(colours.focus, colours[name]) >= 3 }).toEqual({ name, ratio: true });
    expect(contrast(colours.focus, '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it('is at least 3:1 against its halo, which is the colour beside it on a control', () => {
    expect(contrast(colours.focus, colours['focus-halo'])).toBeGreaterThanOrEqual(3);
  });

  it('computes the known ratio of the old yellow ring on white, which failed', () => {
    expect(contrast('#ffbf47', '#ffffff')).toBeLessThan(3);
    expect(contrast('#ffbf47', '#ffffff')).toBeCloseTo(1.6, 1);
  });
});
