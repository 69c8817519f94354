import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { createHash } from 'node:crypto';
import { FormText, PageForm } from '../forms.js';

/** Rows of the roster in one page load: a boat of 60 is three pages. */
export const ROSTER_ROWS = 20;

/** A column of the roster: one value per row, sent as the same field name once per row. */
const FormColumn = (max: number) =>
  applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value)),
    IsArray(),
    ArrayMaxSize(ROSTER_ROWS),
    IsString({ each: true }),
    MaxLength(max, { each: true }),
  );

/** The roster as posted: the shape only; each person is then checked by the arrivals rules. */
export class RosterForm extends PageForm {
  @FormText(64) centreId?: string;
  @FormColumn(60) ref?: string[];
  @FormColumn(120) household?: string[];
  @FormColumn(200) familyName?: string[];
  @FormColumn(200) givenNames?: string[];
  @FormColumn(32) birth?: string[];
  @FormColumn(16) sex?: string[];
  @FormColumn(200) nationalities?: string[];
  @FormColumn(200) languages?: string[];
  /** Ticked boxes send their row's index. */
  @FormColumn(4) dobEstimated?: string[];
  @FormColumn(4) ageDisputed?: string[];
}

export class RosterQuery {
  @IsOptional() @IsUUID() centreId?: string;
}

export class WaitingPageQuery {
  @IsOptional() @IsUUID() checkedIn?: string;
  @IsOptional() @IsIn(['closed']) done?: string;
  /** How many members of a household were just checked in as planned. */
  @IsOptional() @Matches(/^\d{1,2}$/) planned?: string;
}

/** A placement plan as confirmed: each waiting entry with the bed it was shown, in the order shown. */
export class WaitingPlanForm extends PageForm {
  @FormColumn(64) entryId?: string[];
  @FormColumn(64) bedId?: string[];
}

export class WaitingCloseForm extends PageForm {
  @FormText(32) reason?: string;
  @FormText(64) toCentreId?: string;
}

export class WaitingCheckInForm extends PageForm {}

/** A roster row as typed. */
export interface RosterRowValues {
  ref: string;
  household: string;
  familyName: string;
  givenNames: string;
  birth: string;
  sex: string;
  nationalities: string;
  languages: string;
  dobEstimated: boolean;
  ageDisputed: boolean;
}

/** The posted columns as rows, in order; rows left empty are dropped. */
export function rosterRows(form: RosterForm): RosterRowValues[] {
  const refs = form.ref ?? [];
  const at = (column: string[] | undefined, index: number) => (column?.[index] ?? '').trim();
  const ticked = (column: string[] | undefined, index: number) => (column ?? []).includes(String(index));
  return refs
    .map((ref, index) => ({
      ref: ref.trim(),
      household: at(form.household, index),
      familyName: at(form.familyName, index),
      givenNames: at(form.givenNames, index),
      birth: at(form.birth, index),
      sex: at(form.sex, index),
      nationalities: at(form.nationalities, index),
      languages: at(form.languages, index),
      dobEstimated: ticked(form.dobEstimated, index),
      ageDisputed: ticked(form.ageDisputed, index),
    }))
    .filter((row) => row.household || row.familyName || row.givenNames || row.birth || row.sex || row.nationalities || row.languages || row.dobEstimated || row.ageDisputed);
}

/**
 * A date of birth as typed on the roster: a date (2001-04-02 or 02/04/2001), a year of birth or
 * an age in years. A year or an age is an estimate, dated 1 January of the year of birth (as
 * registration of people without documents does). Anything else is passed on as typed, for the
 * arrivals rules to refuse.
 */
export function readBirth(text: string, today: { year: number }): { dateOfBirth: string | undefined; estimated: boolean } {
  const typed = text.trim();
  if (!typed) return { dateOfBirth: undefined, estimated: false };
  const dayFirst = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(typed);
  if (dayFirst) return { dateOfBirth: `${dayFirst[3]}-${dayFirst[2].padStart(2, '0')}-${dayFirst[1].padStart(2, '0')}`, estimated: false };
  if (/^\d{4}$/.test(typed)) return { dateOfBirth: `${typed}-01-01`, estimated: true };
  if (/^\d{1,3}$/.test(typed) && Number(typed) <= 120) return { dateOfBirth: `${today.year - Number(typed)}-01-01`, estimated: true };
  return { dateOfBirth: typed, estimated: false };
}

/**
 * The household ref of a label: the same label, in any page load of the interception, is the same
 * household (refs allow only letters, digits, - and _, and labels may be in any script).
 */
export function householdRef(label: string): string {
  return `h-${createHash('sha256').update(label.normalize('NFC').trim().toLowerCase()).digest('hex').slice(0, 24)}`;
}
