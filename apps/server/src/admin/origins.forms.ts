import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  languageCode,
  languageOptions,
  type Locale,
  type MessageKey,
  nationalityCode,
  nationalityOptions,
  type OriginKind,
  originListProblems,
  originName,
  type OriginOption,
  translate,
  ValidationFailed,
} from '@escale/platform';
import type { FieldSpec } from './forms.js';

/*
 * The forms' languages and nationalities: an ordered list of inputs, each taking a name in the
 * page's language (or the other one) or a code, with the names offered in a datalist. The first
 * language is the one notices are given in, so the order typed is the order stored. Without
 * JavaScript the page shows a few fixed inputs in order; with it, rows are added, removed and
 * moved (public/origin-list.js).
 */

interface KindSpec {
  /** Inputs shown without JavaScript, and the most the form takes. */
  fixed: number;
  max: number;
  toCode: (text: string) => string;
  options: (locale: Locale) => OriginOption[];
  first: MessageKey;
  other: MessageKey;
  hint: MessageKey;
  add: MessageKey;
  unknown: MessageKey;
  twice: MessageKey;
  tooMany: MessageKey;
}

const KINDS: Record<OriginKind, KindSpec> = {
  language: {
    fixed: 3,
    max: 10,
    toCode: languageCode,
    options: languageOptions,
    first: 'origins.language.main',
    other: 'origins.language.other',
    hint: 'origins.languages.hint',
    add: 'origins.add.language',
    unknown: 'origins.error.language',
    twice: 'origins.error.languageTwice',
    tooMany: 'origins.error.languages',
  },
  nationality: {
    fixed: 2,
    max: 5,
    toCode: nationalityCode,
    options: nationalityOptions,
    first: 'origins.nationality.first',
    other: 'origins.nationality.other',
    hint: 'origins.nationalities.hint',
    add: 'origins.add.nationality',
    unknown: 'origins.error.nationality',
    twice: 'origins.error.nationalityTwice',
    tooMany: 'origins.error.nationalities',
  },
};

/** A posted list of inputs of one name, in the page's order: one arrives as a string, several as an array. */
export const FormList = (maxItems: number, maxLength = 200) =>
  applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value)),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(maxLength, { each: true }),
  );

/** The most inputs a form's list takes. */
export const MAX_LANGUAGE_INPUTS = KINDS.language.max;
export const MAX_NATIONALITY_INPUTS = KINDS.nationality.max;

export interface OriginList {
  /** The codes read, in order; what is neither a name nor a code is kept as typed, for validation to refuse. */
  codes: string[];
  /** For each code, the number (from 1) of the input it was typed in. */
  inputs: number[];
}

/** Reads the inputs of a list in order; empty ones are skipped, and an input holding "dari, pachto" gives both. Undefined when the form has no such list. */
export function readOriginList(kind: OriginKind, posted: string[] | undefined): OriginList | undefined {
  if (posted === undefined) return undefined;
  const list: OriginList = { codes: [], inputs: [] };
  posted.forEach((text, index) => {
    for (const item of text.split(/[,;\n\r]+/)) {
      if (!item.trim()) continue;
      list.codes.push(KINDS[kind].toCode(item.trim()));
      list.inputs.push(index + 1);
    }
  });
  return list;
}

/** Refuses lists as the API would (`person.languages.1`): for a form whose lists are checked outside a DTO. */
export function checkOriginLists(...lists: { kind: OriginKind; path: string; list: OriginList | undefined }[]): void {
  const problems: Record<string, string[]> = {};
  for (const { kind, path, list } of lists) {
    if (!list) continue;
    if (list.codes.length > KINDS[kind].max) problems[path] = [`must contain no more than ${KINDS[kind].max} elements`];
    for (const [index, problem] of originListProblems(kind, list.codes)) problems[`${path}.${index}`] = [problem];
  }
  if (Object.keys(problems).length > 0) throw new ValidationFailed(problems);
}

/** The fields a refusal of the list names (`person.languages`, `person.languages.1`), tied to the input each item came from. */
export function originListFields(kind: OriginKind, path: string, idPrefix: string, list: OriginList | undefined): Record<string, FieldSpec> {
  const spec = KINDS[kind];
  const fields: Record<string, FieldSpec> = { [path]: { id: `${idPrefix}-1`, message: spec.tooMany } };
  list?.codes.forEach((code, index) => {
    fields[`${path}.${index}`] = { id: `${idPrefix}-${list.inputs[index]}`, message: list.codes.indexOf(code) < index ? spec.twice : spec.unknown };
  });
  return fields;
}

/** Recorded codes as the inputs show them: by name in the page's language. */
export const originInputValues = (locale: Locale, kind: OriginKind, codes: readonly string[]): string[] => codes.map((code) => originName(locale, kind, code.trim()));

export interface OriginListField {
  name: string;
  idPrefix: string;
  legend: string;
  hint: string;
  datalistId: string;
  options: OriginOption[];
  inputs: { id: string; label: string; value: string; error?: string }[];
  invalid: boolean;
  max: number;
  /** For the script, which relabels rows as they move: the first row's label, and the others' with `{{number}}`. */
  labelFirst: string;
  labelOther: string;
  /** What a screen reader hears once a row has moved: its new label and its value. */
  moved: string;
  add: string;
  moveUp: string;
  moveDown: string;
  remove: string;
}

/** What the origin_list partial shows: the inputs in order, with what was typed (or the names recorded) and their errors by input id. */
export function originListField(
  locale: Locale,
  kind: OriginKind,
  field: { name: string; idPrefix: string; legend: MessageKey; values?: readonly string[]; errors?: Record<string, string> },
): OriginListField {
  const spec = KINDS[kind];
  const values = field.values ?? [];
  const errors = field.errors ?? {};
  const label = (number: number) => (number === 1 ? translate(locale, spec.first) : translate(locale, spec.other, { number }));
  const inputs = Array.from({ length: Math.min(spec.max, Math.max(spec.fixed, values.length)) }, (_, index) => {
    const id = `${field.idPrefix}-${index + 1}`;
    return { id, label: label(index + 1), value: values[index] ?? '', error: errors[id] };
  });
  return {
    name: field.name,
    idPrefix: field.idPrefix,
    legend: translate(locale, field.legend),
    hint: translate(locale, spec.hint),
    datalistId: `${field.idPrefix}-names`,
    options: spec.options(locale),
    inputs,
    invalid: inputs.some((input) => input.error),
    max: spec.max,
    labelFirst: translate(locale, spec.first),
    labelOther: translate(locale, spec.other, { number: '{{number}}' }),
    moved: translate(locale, 'origins.moved', { label: '{{label}}', value: '{{value}}' }),
    add: translate(locale, spec.add),
    moveUp: translate(locale, 'origins.moveUp'),
    moveDown: translate(locale, 'origins.moveDown'),
    remove: translate(locale, 'origins.remove'),
  };
}
