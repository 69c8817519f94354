import { Transform } from 'class-transformer';

/** Trims a text field (or each text of a list) before it is validated, so "   " is empty. */
export const Trimmed = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value,
  );
