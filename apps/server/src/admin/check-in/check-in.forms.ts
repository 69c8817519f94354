import { IsOptional, IsUUID } from 'class-validator';
import { FormText, PageForm } from '../forms.js';
import { FormList, MAX_LANGUAGE_INPUTS, MAX_NATIONALITY_INPUTS } from '../origins.forms.js';

/** The check-in form as posted: the shape only; the values are checked against CheckInDto's rules. */
export class CheckInForm extends PageForm {
  @FormText(200) familyName?: string;
  @FormText(200) givenNames?: string;
  @FormText(2000) aliases?: string;
  @FormText(32) dateOfBirth?: string;
  @FormText(8) dobEstimated?: string;
  @FormText(8) ageDisputed?: string;
  @FormText(16) sex?: string;
  /** Inputs in order, each a name or a code (see origins.forms.ts). */
  @FormList(MAX_NATIONALITY_INPUTS) nationalities?: string[];
  @FormList(MAX_LANGUAGE_INPUTS) languages?: string[];
  @FormText(64) interceptionId?: string;
  @FormText(64) householdId?: string;
  @FormText(64) bedId?: string;
  @FormText(32) checkedInAt?: string;
  /** Set by the "check in this person" button of a possible duplicate. */
  @FormText(64) personId?: string;
  /** Ticked to create a new person although possible duplicates were shown. */
  @FormText(8) createAnyway?: string;
}

export class HouseholdForm extends PageForm {
  @FormText(200) label?: string;
  @FormText(64) interceptionId?: string;
}

export class InterceptionForm extends PageForm {
  @FormText(32) occurredAt?: string;
  @FormText(200) location?: string;
  @FormText(200) agency?: string;
  @FormText(9) groupSize?: string;
  @FormText(64) householdId?: string;
}

/** What the check-in page carries from one check-in to the next. */
export class CheckInPageQuery {
  @IsOptional() @IsUUID() householdId?: string;
  @IsOptional() @IsUUID() interceptionId?: string;
  /** The stay just opened, to confirm. */
  @IsOptional() @IsUUID() checkedIn?: string;
}
