import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@escale/platform';
import { FormText, PageForm } from '../forms.js';

export class AlertsPageQuery extends PageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(['acknowledged'])
  done?: 'acknowledged';
}

export class AcknowledgeForm extends PageForm {
  /** Where in the list the alert was, to come back to the same page. */
  @FormText(9) offset?: string;
}
