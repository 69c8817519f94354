import { applyDecorators } from '@nestjs/common';
import type { Response } from 'express';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { DomainError, type ErrorCode, isMessageKey, type Locale, type MessageKey, type Page, statusOf, translate, ValidationFailed } from '@escale/platform';
import { ContractValidationPipe } from '../http/validation.pipe.js';
import { localDateTimeToIso } from './time.js';

/*
 * What the admin pages share to turn a posted form into a service's input and a service's
 * refusal back into the same form with messages. A page's form DTO checks only the shape of
 * what is posted (known fields, strings, lengths): the global pipe refuses anything else with
 * an error page. The service DTO's own rules (the ones the API applies) are checked here, so
 * that a mistake is shown on the form with what was typed kept.
 */

const pipe = new ContractValidationPipe();

/** A posted field as the form DTO accepts it: optional text up to `max` characters. */
export const FormText = (max = 200) => applyDecorators(IsOptional(), IsString(), MaxLength(max));
/** Ticked checkboxes of one name: one value is sent as a string, several as a list, none as nothing. */
export const FormCheckboxes = (maxItems = 200) =>
  applyDecorators(IsOptional(), Transform(({ value }) => (typeof value === 'string' ? [value] : value)), IsArray(), ArrayMaxSize(maxItems), IsString({ each: true }), MaxLength(64, { each: true }));

/** Every page form: the global pipe refuses unknown fields, and each form carries its CSRF token. */
export class PageForm {
  @FormText(200)
  _csrf?: string;
}

/**
 * A form for an irreversible or legally meaningful action: the page says what will happen
 * (partial `confirm_action`) and the action is refused unless its box is ticked.
 */
export class ConfirmedForm extends PageForm {
  @FormText(8)
  confirm?: string;
}

/** The field spec of a confirmation box, for `formProblem`. */
export const confirmField = (id: string): Record<'confirm', FieldSpec> => ({ confirm: { id, message: 'fieldError.confirmAction' } });

/** A value as JSON would carry it: a field that is not given is absent, not undefined (so DTO defaults apply). */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined).map(([key, entry]) => [key, withoutUndefined(entry)]));
}

/** The input as the service DTO `type`, validated by the API's rules; problems found while reading the form come first. */
export async function validated<T extends object>(type: new () => T, input: Record<string, unknown>, problems: Record<string, string[]> = {}): Promise<T> {
  let value: T | undefined;
  let fields: Record<string, string[]> = {};
  try {
    value = (await pipe.transform(withoutUndefined(input), { type: 'body', metatype: type, data: '' })) as T;
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    fields = error.details.fields as Record<string, string[]>;
  }
  if (Object.keys(problems).length || !value) throw new ValidationFailed({ ...fields, ...problems });
  return value;
}

/** Reads form fields into an input: empty means "not given", and conversions that fail are noted in `problems`. */
export class FormReader {
  readonly problems: Record<string, string[]> = {};

  /** A trimmed text, or undefined when empty. */
  text(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  }

  /** A list typed as "a, b" or one per line. */
  list(value: string | undefined, normalise: (item: string) => string = (item) => item): string[] {
    return (value ?? '')
      .split(/[,;\n\r]+/)
      .map((item) => normalise(item.trim()))
      .filter(Boolean);
  }

  /** A whole number; anything else is passed on as typed, for the DTO to refuse. */
  integer(value: string | undefined): number | string | undefined {
    const text = this.text(value);
    if (text === undefined) return undefined;
    return /^-?\d{1,9}$/.test(text) ? Number(text) : text;
  }

  /** A checkbox: sent (with any value) when ticked, absent when not. */
  checked(value: string | undefined): boolean {
    return value !== undefined && value !== '';
  }

  /** The confirmation box of an irreversible action: without it the action is refused with the form's other problems. */
  confirmed(value: string | undefined): boolean {
    if (value === 'yes') return true;
    this.problems.confirm = ['must be ticked'];
    return false;
  }

  /** A `datetime-local` value read as Paris time, as ISO 8601 UTC. */
  dateTime(field: string, value: string | undefined): string | undefined {
    const text = this.text(value);
    if (text === undefined) return undefined;
    const iso = localDateTimeToIso(text);
    if (!iso) this.problems[field] = ['must be a date and time'];
    return iso ?? undefined;
  }

  /** An amount typed in euros ("12", "12.50", "12,5") in cents. */
  cents(field: string, value: string | undefined): number | undefined {
    const text = this.text(value)?.replace(/\s/g, '');
    if (text === undefined) return undefined;
    const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
    if (!match) {
      this.problems[field] = ['must be an amount in euros'];
      return undefined;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  }
}

/** The codes a form answers itself; any other error (not found, forbidden, a bug) gets the error page. */
const FORM_CODES: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'CODE_TAKEN',
  // Users: an email already used, a change that would leave no active administrator.
  'EMAIL_TAKEN',
  'LAST_ADMIN',
  'NO_BED_AVAILABLE',
  'BED_OCCUPIED',
  'BED_OUT_OF_SERVICE',
  'HOUSING_MISMATCH',
  'PERSON_ALREADY_IN_CENTRE',
  'MINOR_NOT_ALLOWED',
  'STAY_CLOSED',
  // Stays: a check-out that can no longer be undone.
  'REOPEN_NOT_ALLOWED',
  // Welfare: a judge's extension out of the legal sequence.
  'EXTENSION_NOT_ALLOWED',
  // The legal record: an outcome recorded twice, a hearing outside a removal centre, an authority run out.
  'ALREADY_RECORDED',
  'REMOVAL_CENTRE_ONLY',
  'AUTHORITY_EXPIRED',
  // Cases and referrals: a move the record no longer allows, a stale version, a second referral, a file refused.
  'ILLEGAL_TRANSITION',
  'VERSION_CONFLICT',
  'REFERRAL_ALREADY_OPEN',
  // People: two records that cannot be one person, a document already recorded.
  'MERGE_NOT_ALLOWED',
  'IDENTIFIER_TAKEN',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
];

/** A form's field: its element id, and the message shown beside it when the service refuses its value. */
export interface FieldSpec {
  id: string;
  message: MessageKey;
}

export interface FormProblem {
  status: number;
  code: ErrorCode;
  /** The summary, at the top of the form. */
  message: string;
  /** Links from the summary to each field in error. */
  items: { id: string; message: string }[];
  /** When the error is about one field as a whole (a bed that is taken), the summary links to it. */
  href?: string;
  /** Messages by field id, shown beside the field and tied to it with aria-describedby. */
  fields: Record<string, string>;
}

/**
 * Turns a domain error into what the form shows: a translated summary and a message by field.
 * `fields` maps the error's field paths (as the service DTO names them) to the form's fields;
 * `codeFields` names the field a code is about (a bed that is taken: the bed select). Any
 * other error is thrown again, for the error page.
 */
export function formProblem(
  error: unknown,
  locale: Locale,
  fields: Record<string, FieldSpec>,
  codeFields: Partial<Record<ErrorCode, string>> = {},
): FormProblem {
  if (!(error instanceof DomainError) || !FORM_CODES.includes(error.code)) throw error;
  const summaryKey = `errors.${error.code}`;
  const message = isMessageKey(summaryKey) ? translate(locale, summaryKey) : translate(locale, 'error.generic');
  const byField: Record<string, string> = {};
  if (error.code === 'VALIDATION_FAILED') {
    const paths = Object.keys((error.details.fields as Record<string, string[]> | undefined) ?? {});
    for (const path of paths) {
      const spec = fields[path] ?? fields[path.replace(/\.\d+$/, '')];
      if (spec && !byField[spec.id]) byField[spec.id] = translate(locale, spec.message);
    }
  } else if (codeFields[error.code]) {
    const id = codeFields[error.code]!;
    return { status: statusOf(error.code), code: error.code, message, items: [], href: `#${id}`, fields: { [id]: message } };
  }
  return {
    status: statusOf(error.code),
    code: error.code,
    message,
    items: Object.entries(byField).map(([id, text]) => ({ id, message: text })),
    fields: byField,
  };
}

/** Renders a page with a status; the layout and the locals (locale, CSRF token, user) come with it. */
export function renderPage(response: Response, view: string, model: Record<string, unknown>, status = 200): void {
  response.status(status).render(view, model);
}

export interface Pagination {
  from: number;
  to: number;
  total: number;
  previous: string | null;
  next: string | null;
}

/** Previous and next links for a page of a list; `href` builds the link to an offset. */
export function pagination(page: Page<unknown>, href: (offset: number) => string): Pagination {
  const { limit, offset, total } = page;
  return {
    from: total === 0 ? 0 : offset + 1,
    to: offset + page.items.length,
    total,
    previous: offset > 0 ? href(Math.max(0, offset - limit)) : null,
    next: offset + limit < total ? href(offset + limit) : null,
  };
}

/** A query string from the values that are set. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
