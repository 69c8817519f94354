import { ValidationFailed } from '@escale/platform';

/** Deeper than any request Escale takes: anything beyond is refused before it is read. */
export const MAX_INPUT_DEPTH = 32;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keys no request field has, which the DTO transformer drops without a word (`__proto__`,
 * `constructor`, `valueOf` ...): refused here, as any other unknown field is.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Walks a request body or query without recursion and makes it safe to validate: refuses
 * nesting deeper than MAX_INPUT_DEPTH, keys that name Object.prototype's members, and strings
 * with a NUL character or half a surrogate pair (PostgreSQL cannot store either), with a
 * bidirectional formatting character or a control character (they make a record read otherwise
 * than it is written; tab and line breaks are allowed in multi-line free text), and writes every
 * UUID in lower case, so ids compare equal however they were typed.
 */
export function cleanInput(input: unknown, root: string): unknown {
  if (typeof input === 'string') return checkString(input, root);
  if (input === null || typeof input !== 'object') return input;
  const stack: { holder: Record<string, unknown> | unknown[]; path: string; depth: number }[] = [{ holder: input as Record<string, unknown>, path: root, depth: 1 }];
  while (stack.length > 0) {
    const { holder, path, depth } = stack.pop()!;
    if (depth > MAX_INPUT_DEPTH) throw new ValidationFailed({ [root]: [`is nested more than ${MAX_INPUT_DEPTH} levels deep`] });
    for (const key of Object.keys(holder)) {
      const child = (holder as Record<string, unknown>)[key];
      const childPath = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) throw new ValidationFailed({ [childPath]: ['is not an allowed field'] });
      if (typeof child === 'string') (holder as Record<string, unknown>)[key] = checkString(child, childPath);
      else if (child !== null && typeof child === 'object') stack.push({ holder: child as Record<string, unknown>, path: childPath, depth: depth + 1 });
    }
  }
  return input;
}

/** Half of a surrogate pair without its other half: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Embeddings, overrides, isolates and direction marks (Unicode TR #9): they can make a name or a note display reordered ("Trojan Source"). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** C0 and C1 control characters and DEL. */
const CONTROL = /[\u0001-\u001F\u007F-\u009F]/;
/** The same, less tab and line breaks, which multi-line free text keeps. */
const CONTROL_IN_TEXT = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Fields of free text written on several lines (notes, reasons, a list of bed labels one a line). */
const MULTI_LINE_FIELD = /^(?:notes?|reason|text|labels|description|comments?|details|message|body|summary|content)$|(?:Notes?|Reason|Text|Description|Comment)$/;
/** Secrets are compared, never shown: only what cannot be stored is refused in them. */
const SECRET_FIELD = /password$/i;

function checkString(value: string, path: string): string {
  const field = path || 'body';
  if (value.includes('\u0000')) throw new ValidationFailed({ [field]: ['must not contain a NUL character'] });
  if (LONE_SURROGATE.test(value)) throw new ValidationFailed({ [field]: ['must be valid Unicode text'] });
  const key = path.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? '';
  if (!SECRET_FIELD.test(key)) {
    if (BIDI_CONTROL.test(value)) throw new ValidationFailed({ [field]: ['must not contain bidirectional formatting characters'] });
    if ((MULTI_LINE_FIELD.test(key) ? CONTROL_IN_TEXT : CONTROL).test(value)) throw new ValidationFailed({ [field]: ['must not contain control characters'] });
  }
  return UUID.test(value) ? value.toLowerCase() : value;
}
