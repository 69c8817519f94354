import { IsIn, IsOptional } from 'class-validator';
import { ConfirmedForm, FormText } from '../forms.js';
import { LISTED_STATES, type ListedState } from './job-queues.service.js';

export const JOBS_DONE = ['retried', 'retried-all'] as const;

/** A queue's page: which jobs, which page of them, and what was just done. */
export class QueuePageQuery {
  @IsOptional()
  @IsIn(LISTED_STATES)
  state?: ListedState;

  @FormText(9) page?: string;

  @IsOptional()
  @IsIn(JOBS_DONE)
  done?: (typeof JOBS_DONE)[number];
}

/** A retry, confirmed; the page of failed jobs it was asked from, to show again if it is refused. */
export class RetryForm extends ConfirmedForm {
  @FormText(9) page?: string;
}
