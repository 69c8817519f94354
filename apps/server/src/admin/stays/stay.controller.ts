import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { type Actor, type Locale, translate } from '@escale/platform';
import { CHECK_OUT_REASONS, CheckOutDto, DepositPropertyDto, PROPERTY_KINDS, StaysService, TransferDto } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, renderPage, validated } from '../forms.js';
import { CheckOutForm, PropertyForm, StayPageQuery, TransferForm } from './stay.forms.js';

const PROPERTY_FIELDS: Record<string, FieldSpec> = {
  'items.0.kind': { id: 'property-kind', message: 'fieldError.propertyKind' },
  'items.0.description': { id: 'property-description', message: 'fieldError.description' },
  'items.0.quantity': { id: 'property-quantity', message: 'fieldError.quantity' },
  'items.0.amountCents': { id: 'property-amount', message: 'fieldError.amount' },
  'items.0.currency': { id: 'property-amount', message: 'fieldError.amount' },
  // The service's own check: cash has an amount, an item has none.
  'items.0': { id: 'property-amount', message: 'fieldError.amount' },
  amount: { id: 'property-amount', message: 'fieldError.amount' },
};

const CHECK_OUT_FIELDS: Record<string, FieldSpec> = {
  reason: { id: 'checkout-reason', message: 'fieldError.reason' },
  destination: { id: 'checkout-destination', message: 'fieldError.destination' },
  at: { id: 'checkout-at', message: 'fieldError.checkOutAt' },
  returnedPropertyIds: { id: 'checkout-property', message: 'fieldError.generic' },
};

const TRANSFER_FIELDS: Record<string, FieldSpec> = {
  toCentreId: { id: 'transfer-centre', message: 'fieldError.toCentreId' },
  bedId: { id: 'transfer-bed', message: 'fieldError.transferBed' },
  at: { id: 'transfer-at', message: 'fieldError.checkOutAt' },
};

const TRANSFER_BED_CODES = { NO_BED_AVAILABLE: 'transfer-bed', BED_OCCUPIED: 'transfer-bed', BED_OUT_OF_SERVICE: 'transfer-bed', HOUSING_MISMATCH: 'transfer-bed', MINOR_NOT_ALLOWED: 'transfer-centre' } as const;

type StayForm = 'property' | 'checkOut' | 'transfer';

interface StayPageState {
  done?: StayPageQuery['done'];
  form?: StayForm;
  values?: object;
  problem?: FormProblem;
}

/** A stay: where and since when, the property held, and (for staff) deposit, check-out and transfer. */
@ApiExcludeController()
@Controller('stays')
export class StayPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: StayPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { done: query.done });
  }

  @Roles('staff')
  @Post(':id/property')
  async deposit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: PropertyForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const kind = read.text(form.kind);
      const amountCents = read.cents('amount', form.amount);
      const input = await validated(
        DepositPropertyDto,
        {
          items: [
            {
              kind,
              description: read.text(form.description),
              quantity: read.integer(form.quantity),
              amountCents,
              // Cash is taken in euros; the amount says whether there is any.
              currency: amountCents === undefined ? undefined : 'EUR',
            },
          ],
        },
        read.problems,
      );
      await this.stays.depositProperty(actor, id, input);
      response.redirect(303, `/stays/${id}?done=deposited#property`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, PROPERTY_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'property', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/check-out')
  async checkOut(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: CheckOutForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(
        CheckOutDto,
        { reason: read.text(form.reason), destination: read.text(form.destination), at: read.dateTime('at', form.at), returnedPropertyIds: form.returnedPropertyIds ?? [] },
        read.problems,
      );
      await this.stays.checkOut(actor, id, input);
      response.redirect(303, `/stays/${id}?done=checked-out#receipt`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, CHECK_OUT_FIELDS);
      await this.render(response, actor, id, request.locale!, { form: 'checkOut', values: form, problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post(':id/transfers')
  async transfer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: TransferForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    try {
      const input = await validated(TransferDto, { toCentreId: read.text(form.toCentreId), bedId: read.text(form.bedId), at: read.dateTime('at', form.at) }, read.problems);
      await this.stays.transfer(actor, id, input);
      response.redirect(303, `/stays/${id}?done=transferred`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, TRANSFER_FIELDS, TRANSFER_BED_CODES);
      await this.render(response, actor, id, request.locale!, { form: 'transfer', values: form, problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, stayId: string, locale: Locale, state: StayPageState, status = 200): Promise<void> {
    const detail = await this.stays.getStayDetail(actor, stayId);
    const property = await this.stays.listProperty(actor, stayId);
    const open = detail.stay.checkedOutAt === null;
    const canAct = actor.role === 'staff' && open;
    const destinations = canAct ? (await this.centres.listTransferDestinations(actor)).filter((centre) => centre.id !== detail.centre.id) : [];
    const formState = (form: StayForm) => ({ values: state.form === form ? state.values : {}, errors: state.form === form ? (state.problem?.fields ?? {}) : {} });
    // Before a failed check-out every item still held is ticked; after one, the items as they were ticked.
    const ticked = state.form === 'checkOut' ? ((state.values as CheckOutForm).returnedPropertyIds ?? []) : null;
    renderPage(
      response,
      'admin/stays/show',
      {
        title: translate(locale, 'stay.title', { name: `${detail.person.givenNames} ${detail.person.familyName}` }),
        ...detail,
        open,
        canAct,
        notice: state.done ? `stay.done.${state.done}` : undefined,
        property: property.map((item) => ({ ...item, cash: item.kind === 'cash' })),
        heldProperty: property.filter((item) => !item.returnedAt).map((item) => ({ ...item, cash: item.kind === 'cash', ticked: ticked ? ticked.includes(item.id) : true })),
        returned: property.filter((item) => item.returnedAt).map((item) => ({ ...item, cash: item.kind === 'cash' })),
        notReturned: property.filter((item) => !item.returnedAt).map((item) => ({ ...item, cash: item.kind === 'cash' })),
        kinds: PROPERTY_KINDS,
        reasons: CHECK_OUT_REASONS,
        destinations,
        propertyForm: formState('property'),
        checkOutForm: formState('checkOut'),
        transferForm: formState('transfer'),
        problem: state.problem,
      },
      status,
    );
  }
}
