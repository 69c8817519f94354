import { Body, Controller, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { type Actor, PageQuery, ValidationFailed } from '@escale/platform';
import {
  CreateFundingSourceDto,
  CreateSpendDto,
  occupancyCsv,
  outcomesCsv,
  ReportQuery,
  ReportsService,
  SetBudgetDto,
  spendCsv,
  SpendService,
} from '@escale/reports';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { ApiJsonOrCsv } from './openapi/api-responses.js';
import { BudgetList, BudgetResponse, FundingSourceList, FundingSourceResponse, OccupancyReportResponse, OutcomesReportResponse, OutlookList, SpendImportResponse, SpendLinePage, SpendLineResponse, SpendReportResponse } from './responses/reports.responses.js';

/** A spend file may be at most 5 MB. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

class SpendListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  centreId?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

class BudgetQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  centreId?: string;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

class OutlookQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  centreId?: string;
}

interface UploadedSpendFile {
  originalname: string;
  buffer: Buffer;
}

const sendCsv = (response: Response, name: string, body: string) => {
  response.type('text/csv').attachment(`${name}.csv`);
  return body;
};

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly spend: SpendService,
  ) {}

  @Roles('admin')
  @Post('spend')
  @ApiOperation({ summary: 'Record a spend line' })
  @ApiCreatedResponse({ type: SpendLineResponse })
  createSpend(@CurrentActor() actor: Actor, @Body() body: CreateSpendDto) {
    return this.spend.createSpend(actor, body);
  }

  @Roles('admin', 'auditor')
  @Get('spend')
  @ApiOperation({ summary: 'Spend lines' })
  @ApiOkResponse({ type: SpendLinePage })
  listSpend(@CurrentActor() actor: Actor, @Query() query: SpendListQuery) {
    return this.spend.listSpend(actor, query, query.limit, query.offset);
  }

  /** A CSV of spend lines, imported whole or not at all; row errors answer 400 with `details.rows`. */
  @Roles('admin')
  @Post('spend/imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 0 } }))
  @ApiOperation({ summary: 'Import spend lines from a CSV file, all or none' })
  @ApiCreatedResponse({ type: SpendImportResponse })
  importSpend(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedSpendFile | undefined) {
    if (!file) throw new ValidationFailed({ file: ['a CSV file is required (multipart field "file")'] });
    return this.spend.importSpend(actor, file.buffer);
  }

  @Roles('admin')
  @Post('budgets')
  @ApiOperation({ summary: 'Set a budget for a centre, year and funding source' })
  @ApiCreatedResponse({ type: BudgetResponse })
  setBudget(@CurrentActor() actor: Actor, @Body() body: SetBudgetDto) {
    return this.spend.setBudget(actor, body);
  }

  @Roles('admin', 'auditor', 'funder')
  @Get('budgets')
  @ApiOperation({ summary: 'Budgets by centre, year and funding source' })
  @ApiOkResponse({ type: BudgetList })
  async listBudgets(@CurrentActor() actor: Actor, @Query() query: BudgetQuery) {
    const items = await this.spend.listBudgets(actor, query);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Roles('admin', 'auditor', 'funder')
  @Get('funding-sources')
  @ApiOperation({ summary: 'Funding sources' })
  @ApiOkResponse({ type: FundingSourceList })
  async listFundingSources() {
    const items = (await this.spend.listFundingSources()).map(({ code, name }) => ({ code, name }));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Roles('admin')
  @Post('funding-sources')
  @ApiOperation({ summary: 'Add a funding source' })
  @ApiCreatedResponse({ type: FundingSourceResponse })
  async createFundingSource(@CurrentActor() actor: Actor, @Body() body: CreateFundingSourceDto) {
    const { code, name } = await this.spend.createFundingSource(actor, body);
    return { code, name };
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('reports/occupancy')
  @ApiOperation({ summary: 'Occupancy report: bed-nights, admissions and discharges per period (JSON or CSV)' })
  @ApiJsonOrCsv(OccupancyReportResponse, 'rows of bed-nights, admissions and discharges per period and centre')
  async occupancy(@CurrentActor() actor: Actor, @Query() query: ReportQuery, @Res({ passthrough: true }) response: Response) {
    const report = await this.reports.occupancy(actor, query);
    return query.format === 'csv' ? sendCsv(response, 'occupancy', occupancyCsv(report)) : { ...report, limit: report.total, offset: 0 };
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('reports/spend')
  @ApiOperation({ summary: 'Spend report against budget, per period (JSON or CSV)' })
  @ApiJsonOrCsv(SpendReportResponse, 'rows of spend per period and category or funding source, against budget')
  async spendReport(@CurrentActor() actor: Actor, @Query() query: ReportQuery, @Res({ passthrough: true }) response: Response) {
    const report = await this.reports.spend(actor, query);
    return query.format === 'csv' ? sendCsv(response, 'spend', spendCsv(report)) : { ...report, limit: report.total, offset: 0 };
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('reports/outcomes')
  @ApiOperation({ summary: 'Outcomes report: exit reasons, referral outcomes and length of stay (JSON or CSV)' })
  @ApiJsonOrCsv(OutcomesReportResponse, 'exit reasons, referral outcomes and length of stay counted')
  async outcomes(@CurrentActor() actor: Actor, @Query() query: ReportQuery, @Res({ passthrough: true }) response: Response) {
    const report = await this.reports.outcomes(actor, query);
    return query.format === 'csv' ? sendCsv(response, 'outcomes', outcomesCsv(report)) : report;
  }

  @Roles('funder', 'admin', 'auditor')
  @Get('reports/outlook')
  @ApiOperation({ summary: 'Capacity outlook: when each centre is expected to fill' })
  @ApiOkResponse({ type: OutlookList })
  async outlook(@CurrentActor() actor: Actor, @Query() query: OutlookQuery) {
    const items = await this.reports.outlook(actor, query.centreId);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }
}
