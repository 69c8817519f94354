import { IsUUID, Matches } from 'class-validator';
import { FormText, PageForm } from '../forms.js';

/** The dashboard's filters, as the GET form sends them: empty means "not chosen". */
export class ReportsPageQuery {
  @FormText(64) centreId?: string;
  @FormText(32) from?: string;
  @FormText(32) to?: string;
  @FormText(16) granularity?: string;
}

/** A CSV download: the dashboard's filters, and for spend how lines are grouped. */
export class ReportCsvQuery extends ReportsPageQuery {
  @FormText(32) groupBy?: string;
  /** The language of the page the file is asked from: its headers, separator and decimal mark. */
  @FormText(8) lang?: string;
}

export class MonthlyReportQuery {
  @FormText(64) centreId?: string;
  @FormText(16) month?: string;
}

/** What the monthly report needs: one centre and one month. */
export class MonthlyReportInput {
  @IsUUID('all')
  centreId: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month YYYY-MM' })
  month: string;
}

/** The spend page: what was just done (for its message), which page of spend lines, and an import's outcome. */
export class SpendPageQuery {
  @FormText(16) done?: string;
  @FormText(9) offset?: string;
  @FormText(9) imported?: string;
  @FormText(500) totals?: string;
}

export class SpendLineForm extends PageForm {
  @FormText(64) centreId?: string;
  @FormText(32) date?: string;
  @FormText(32) category?: string;
  @FormText(32) fundingSource?: string;
  @FormText(32) amount?: string;
  @FormText(8) currency?: string;
  @FormText(500) description?: string;
}

export class BudgetForm extends PageForm {
  @FormText(64) centreId?: string;
  @FormText(8) year?: string;
  @FormText(32) fundingSource?: string;
  @FormText(32) amount?: string;
  @FormText(8) currency?: string;
}

export class FundingSourceForm extends PageForm {
  @FormText(32) code?: string;
  @FormText(200) name?: string;
}
