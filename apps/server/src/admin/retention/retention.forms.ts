import { IsIn, IsOptional } from 'class-validator';
import { FormText, PageForm } from '../forms.js';

/** The retention page: which page of runs and of holds. */
export class RetentionPageQuery {
  @FormText(9) runs?: string;
  @FormText(9) holds?: string;
}

/** A name to look for, posted so that it never appears in an address. */
export class PersonSearchForm extends PageForm {
  @FormText(200) q?: string;
}

export const EXPORT_NOTICES = ['hold-placed', 'hold-released'] as const;

export class ExportPageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(EXPORT_NOTICES)
  done?: (typeof EXPORT_NOTICES)[number];
}

/** Places (`hold=1`) or releases (`hold=0`) a legal hold, with its reason. */
export class LegalHoldForm extends PageForm {
  @FormText(1) hold?: string;
  @FormText(500) reason?: string;
}
