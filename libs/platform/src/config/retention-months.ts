/** What the nightly retention job erases, each after its own period from the day a person's last case closed. */
export const RETENTION_CATEGORIES = ['documents', 'notices', 'health', 'identity'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];
export type RetentionMonths = Readonly<Record<RetentionCategory, number>>;

export const DEFAULT_RETENTION_MONTHS: RetentionMonths = { documents: 12, notices: 12, health: 24, identity: 60 };

/** The longest period accepted: a hundred years. */
const MAX_MONTHS = 1200;

const isCategory = (value: string): value is RetentionCategory => (RETENTION_CATEGORIES as readonly string[]).includes(value);

/**
 * Reads `documents=12,notices=12,health=24,identity=60`: a category left out keeps its default.
 * Returns the months by category, or the problem in words.
 */
export function parseRetentionMonths(text: string): { months: RetentionMonths } | { problem: string } {
  const months: Record<RetentionCategory, number> = { ...DEFAULT_RETENTION_MONTHS };
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d{1,4})\s*$/.exec(part);
    if (!match) return { problem: 'must be a comma-separated list of category=months, such as documents=12,notices=12,health=24,identity=60' };
    const [, name, value] = match;
    if (!isCategory(name)) return { problem: `names an unknown category "${name}" (known: ${RETENTION_CATEGORIES.join(', ')})` };
    if (seen.has(name)) return { problem: `names the category "${name}" twice` };
    const count = Number(value);
    if (count < 1 || count > MAX_MONTHS) return { problem: `must give ${name} between 1 and ${MAX_MONTHS} months` };
    seen.add(name);
    months[name] = count;
  }
  return { months };
}
