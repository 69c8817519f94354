import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, type Locale, PageQuery, translate } from '@escale/platform';
import { PROPERTY_SIGNERS, PropertyService, ReturnPropertyDto, StaysService } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { OnRecord, Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormCheckboxes, FormReader, type FormProblem, formProblem, FormText, PageForm, pagination, queryString, renderPage, validated } from '../forms.js';

export class ReturnPropertyForm extends PageForm {
  /** The ticked checkboxes: one value is sent as a string, several as a list. */
  @FormCheckboxes()
  itemIds?: string[];

  @FormText(20) signedBy?: string;
  @FormText(200) representativeName?: string;
  @FormText(32) returnedAt?: string;
}

const RETURN_FIELDS: Record<string, FieldSpec> = {
  itemIds: { id: 'return-items', message: 'fieldError.returnItems' },
  signedBy: { id: 'return-signed-by', message: 'fieldError.signedBy' },
  representativeName: { id: 'return-representative', message: 'fieldError.representativeName' },
  returnedAt: { id: 'return-at', message: 'fieldError.returnedAt' },
};

/** Property handed back against a signed receipt (also after the person left), the receipt to print. */
@ApiExcludeController()
@OnRecord('stay')
@Controller('stays')
export class PropertyReturnPagesController {
  constructor(
    private readonly stays: StaysService,
    private readonly property: PropertyService,
  ) {}

  @Roles('staff')
  @Get(':id/property/returns/new')
  async form(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.renderForm(response, actor, id, request.locale!, {});
  }

  @Roles('staff')
  @Post(':id/property/returns')
  async record(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: ReturnPropertyForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(
        ReturnPropertyDto,
        {
          itemIds: form.itemIds ?? [],
          signedBy: read.text(form.signedBy),
          representativeName: read.text(form.signedBy) === 'representative' ? read.text(form.representativeName) : undefined,
          returnedAt: read.dateTime('returnedAt', form.returnedAt),
        },
        read.problems,
      );
      const receipt = await this.property.returnProperty(actor, id, input);
      response.redirect(303, `/stays/${id}/property/returns/${receipt.id}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, RETURN_FIELDS);
      await this.renderForm(response, actor, id, request.locale!, { values: form, problem }, problem.status);
    }
  }

  @Roles('staff', 'caseworker')
  @Get(':id/property/returns/:returnId')
  async receipt(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Param('returnId', IdPipe) returnId: string, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const receipt = await this.property.getReturnReceipt(actor, id, returnId);
    const detail = await this.stays.getStayDetail(actor, id);
    const name = `${detail.person.givenNames} ${detail.person.familyName}`;
    renderPage(response, 'admin/property/receipt', {
      title: translate(request.locale!, 'propertyReturn.receiptTitle', { receipt: receipt.receiptNumber }),
      receipt: { ...receipt, items: receipt.items.map((item) => ({ ...item, cash: item.kind === 'cash' })) },
      representative: receipt.signedBy === 'representative',
      name,
      ...detail,
    });
  }

  private async renderForm(response: Response, actor: Actor, id: string, locale: Locale, state: { values?: ReturnPropertyForm; problem?: FormProblem }, status = 200): Promise<void> {
    const detail = await this.stays.getStayDetail(actor, id);
    const items = (await this.property.listProperty(actor, id)).filter((item) => item.status === 'held');
    const ticked = state.values ? (state.values.itemIds ?? []) : items.map((item) => item.id);
    renderPage(
      response,
      'admin/property/return',
      {
        title: translate(locale, 'propertyReturn.title'),
        ...detail,
        name: `${detail.person.givenNames} ${detail.person.familyName}`,
        items: items.map((item) => ({ ...item, cash: item.kind === 'cash', ticked: ticked.includes(item.id) })),
        signers: PROPERTY_SIGNERS,
        values: { signedBy: 'person', ...(state.values ?? {}) },
        errors: state.problem?.fields ?? {},
        problem: state.problem,
      },
      status,
    );
  }
}

/** Property the centre still holds for people who have left. */
@ApiExcludeController()
@Controller('centres')
export class PropertyOwedPageController {
  constructor(
    private readonly property: PropertyService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get(':id/property/owed')
  async owed(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: PageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const centre = await this.centres.getCentre(actor, id);
    const page = await this.property.owed(actor, id, query);
    renderPage(response, 'admin/property/owed', {
      title: translate(request.locale!, 'propertyOwed.title', { centre: centre.name }),
      centre,
      rows: page.items.map((row) => ({ ...row, items: row.items.map((item) => ({ ...item, cash: item.kind === 'cash' })) })),
      cashTotals: page.cashTotals,
      pagination: pagination(page, (offset: number) => `/centres/${id}/property/owed${queryString({ limit: String(query.limit), offset })}`),
    });
  }
}
