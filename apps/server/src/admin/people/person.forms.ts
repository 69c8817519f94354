import { IsIn, IsNumberString, IsOptional, IsString, MaxLength } from 'class-validator';
import { FormText, PageForm } from '../forms.js';
import { FormList, MAX_LANGUAGE_INPUTS, MAX_NATIONALITY_INPUTS } from '../origins.forms.js';

export class VulnerabilityForm extends PageForm {
  @FormText(40) type?: string;
  @FormText(2000) notes?: string;
}

export class AgeAssessmentForm extends PageForm {
  @FormText(16) status?: string;
  @FormText(16) outcome?: string;
  /** The date of birth a completed assessment found (a date field: YYYY-MM-DD). */
  @FormText(32) dateOfBirth?: string;
}

export class CorrectPersonForm extends PageForm {
  @FormText(16) version?: string;
  @FormText(200) familyName?: string;
  @FormText(200) givenNames?: string;
  @FormText(32) dateOfBirth?: string;
  @FormText(8) dobEstimated?: string;
  @FormText(16) sex?: string;
  /** Inputs in order, each a name or a code (see origins.forms.ts). */
  @FormList(MAX_NATIONALITY_INPUTS) nationalities?: string[];
  @FormList(MAX_LANGUAGE_INPUTS) languages?: string[];
}

export class AliasForm extends PageForm {
  @FormText(200) name?: string;
  @FormText(16) source?: string;
}

export class IdentifierForm extends PageForm {
  @FormText(16) kind?: string;
  @FormText(64) value?: string;
  @FormText(8) issuingCountry?: string;
}

export class MergeForm extends PageForm {
  @FormText(64) duplicateId?: string;
  @FormText(16) version?: string;
  /** Set by the confirmation step's button. */
  @FormText(8) confirm?: string;
}

export class PeopleSearchPageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsNumberString()
  @MaxLength(6)
  offset?: string;
}

export const PERSON_NOTICES = ['vulnerability', 'age-assessment', 'age-assessment-alert', 'corrected', 'corrected-alert', 'alias', 'identifier', 'merged', 'merged-alert'] as const;

export class PersonPageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(PERSON_NOTICES)
  done?: (typeof PERSON_NOTICES)[number];
}
