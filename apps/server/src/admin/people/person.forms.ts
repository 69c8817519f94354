import { IsIn, IsOptional } from 'class-validator';
import { FormText, PageForm } from '../forms.js';

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

export const PERSON_NOTICES = ['vulnerability', 'age-assessment', 'age-assessment-alert'] as const;

export class PersonPageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(PERSON_NOTICES)
  done?: (typeof PERSON_NOTICES)[number];
}
