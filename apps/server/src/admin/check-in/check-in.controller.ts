import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { PeopleService, PersonRecordsService, type PossibleDuplicate, SEXES } from '@escale/people';
import { type Actor, type Locale, translate } from '@escale/platform';
import { CheckInDto, CreateHouseholdDto, CreateInterceptionDto, type StayDetail, StaysService } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { type FieldSpec, FormReader, type FormProblem, formProblem, queryString, renderPage, validated } from '../forms.js';
import { checkOriginLists, type OriginList, originListField, originListFields, readOriginList } from '../origins.forms.js';
import { CheckInForm, CheckInPageQuery, HouseholdForm, InterceptionForm } from './check-in.forms.js';

/** CheckInDto's field paths, and the form fields and messages they answer to. */
const CHECK_IN_FIELDS: Record<string, FieldSpec> = {
  'person.familyName': { id: 'familyName', message: 'fieldError.familyName' },
  'person.givenNames': { id: 'givenNames', message: 'fieldError.givenNames' },
  'person.aliases': { id: 'aliases', message: 'fieldError.aliases' },
  'person.dateOfBirth': { id: 'dateOfBirth', message: 'fieldError.dateOfBirth' },
  'person.dobEstimated': { id: 'dobEstimated', message: 'fieldError.generic' },
  'person.ageDisputed': { id: 'ageDisputed', message: 'fieldError.generic' },
  'person.sex': { id: 'sex', message: 'fieldError.sex' },
  interceptionId: { id: 'interceptionId', message: 'fieldError.generic' },
  bedId: { id: 'bedId', message: 'fieldError.generic' },
  checkedInAt: { id: 'checkedInAt', message: 'fieldError.checkedInAt' },
};

const INTERCEPTION_FIELDS: Record<string, FieldSpec> = {
  occurredAt: { id: 'interception-occurredAt', message: 'fieldError.occurredAt' },
  location: { id: 'interception-location', message: 'fieldError.location' },
  agency: { id: 'interception-agency', message: 'fieldError.agency' },
  groupSize: { id: 'interception-groupSize', message: 'fieldError.groupSize' },
};

const HOUSEHOLD_FIELDS: Record<string, FieldSpec> = { label: { id: 'household-label', message: 'fieldError.householdLabel' } };

/** A bed that cannot be taken is a problem with the bed select. */
const BED_CODES = { NO_BED_AVAILABLE: 'bedId', BED_OCCUPIED: 'bedId', BED_OUT_OF_SERVICE: 'bedId', HOUSING_MISMATCH: 'bedId' } as const;

interface CheckInPageState {
  householdId?: string;
  interceptionId?: string;
  /** The check-in form: what was typed, and what went wrong. */
  values?: CheckInForm;
  problem?: FormProblem;
  duplicates?: PossibleDuplicate[];
  /** The small forms beside it. */
  householdValues?: HouseholdForm;
  householdProblem?: FormProblem;
  interceptionValues?: InterceptionForm;
  interceptionProblem?: FormProblem;
  confirmation?: StayDetail;
  /** No bed for a member of a household: the way to a split plan, from the waiting list. */
  planHint?: boolean;
}

/**
 * Check-in at night, one person after another: a household is created first for a family and
 * kept from one check-in to the next, as is the interception the group comes from. A new
 * person is first matched against people already known, and staff choose.
 */
@ApiExcludeController()
@Controller('centres/:id/check-in')
export class CheckInPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly people: PeopleService,
    private readonly records: PersonRecordsService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get()
  async page(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: CheckInPageQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const confirmation = query.checkedIn ? await this.stays.getStayDetail(actor, query.checkedIn) : undefined;
    await this.render(response, actor, id, request.locale!, { householdId: query.householdId, interceptionId: query.interceptionId, confirmation });
  }

  @Roles('staff')
  @Post()
  async checkIn(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: CheckInForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const read = new FormReader();
    const kept = { householdId: read.text(form.householdId), interceptionId: read.text(form.interceptionId) };
    const nationalities = readOriginList('nationality', form.nationalities);
    const languages = readOriginList('language', form.languages);
    try {
      const personId = read.text(form.personId);
      const input = await validated(
        CheckInDto,
        {
          person: personId
            ? undefined
            : {
                familyName: read.text(form.familyName),
                givenNames: read.text(form.givenNames),
                aliases: read.list(form.aliases),
                dateOfBirth: read.text(form.dateOfBirth),
                dobEstimated: read.checked(form.dobEstimated),
                ageDisputed: read.checked(form.ageDisputed),
                sex: read.text(form.sex),
                nationalities: nationalities?.codes ?? [],
                languages: languages?.codes ?? [],
              },
          personId,
          interceptionId: kept.interceptionId,
          householdId: kept.householdId,
          bedId: read.text(form.bedId),
          checkedInAt: read.dateTime('checkedInAt', form.checkedInAt),
        },
        read.problems,
      );
      if (input.person && !read.checked(form.createAnyway)) {
        const duplicates = await this.people.findPossibleDuplicates(actor, input.person);
        if (duplicates.length > 0) {
          await this.render(response, actor, id, request.locale!, { ...kept, values: form, duplicates });
          return;
        }
      }
      // "This is the same person": what was just typed of their nationalities and languages joins their record.
      const declared = personId ? this.declaredDetails(nationalities, languages) : null;
      const result = await this.stays.checkIn(actor, id, input);
      if (declared) await this.records.addDeclaredDetails(actor, personId!, declared);
      response.redirect(303, `/centres/${id}/check-in${queryString({ ...kept, checkedIn: result.stay.id })}`);
    } catch (error) {
      const fields = {
        ...CHECK_IN_FIELDS,
        ...originListFields('nationality', 'person.nationalities', 'nationalities', nationalities),
        ...originListFields('language', 'person.languages', 'languages', languages),
      };
      const problem = formProblem(error, request.locale!, fields, BED_CODES);
      const planHint = problem.code === 'NO_BED_AVAILABLE' && Boolean(kept.householdId);
      await this.render(response, actor, id, request.locale!, { ...kept, values: form, problem, planHint }, problem.status);
    }
  }

  /** The nationalities and languages typed on the form, checked as a new person's would be. */
  private declaredDetails(nationalities: OriginList | undefined, languages: OriginList | undefined): { nationalities: string[]; languages: string[] } {
    checkOriginLists({ kind: 'nationality', path: 'person.nationalities', list: nationalities }, { kind: 'language', path: 'person.languages', list: languages });
    return { nationalities: nationalities?.codes ?? [], languages: languages?.codes ?? [] };
  }

  @Roles('staff')
  @Post('households')
  async createHousehold(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: HouseholdForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    // Another centre's check-in is not there for this user: 404 before anything is written.
    await this.centres.getCentre(actor, id);
    const read = new FormReader();
    const interceptionId = read.text(form.interceptionId);
    try {
      const input = await validated(CreateHouseholdDto, { label: read.text(form.label) });
      const household = await this.people.createHousehold(actor, input.label);
      response.redirect(303, `/centres/${id}/check-in${queryString({ householdId: household.id, interceptionId })}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, HOUSEHOLD_FIELDS);
      await this.render(response, actor, id, request.locale!, { interceptionId, householdValues: form, householdProblem: problem }, problem.status);
    }
  }

  @Roles('staff')
  @Post('interceptions')
  async recordInterception(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: InterceptionForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.centres.getCentre(actor, id);
    const read = new FormReader();
    const householdId = read.text(form.householdId);
    try {
      const input = await validated(
        CreateInterceptionDto,
        { occurredAt: read.dateTime('occurredAt', form.occurredAt), location: read.text(form.location), agency: read.text(form.agency), groupSize: read.integer(form.groupSize) },
        read.problems,
      );
      const interception = await this.stays.createInterception(actor, input);
      response.redirect(303, `/centres/${id}/check-in${queryString({ householdId, interceptionId: interception.id })}`);
    } catch (error) {
      const problem = formProblem(error, request.locale!, INTERCEPTION_FIELDS);
      await this.render(response, actor, id, request.locale!, { householdId, interceptionValues: form, interceptionProblem: problem }, problem.status);
    }
  }

  private async render(response: Response, actor: Actor, centreId: string, locale: Locale, state: CheckInPageState, status = 200): Promise<void> {
    const { centre, units } = await this.centres.getLayout(actor, centreId);
    const interceptions = await this.stays.listInterceptions(actor, 20, 0);
    const values = state.values ?? {};
    const confirmation = state.confirmation;
    renderPage(
      response,
      'admin/check-in/form',
      {
        title: translate(locale, 'checkIn.title', { centre: centre.name }),
        centre,
        householdId: state.householdId,
        interceptionId: state.interceptionId,
        interceptions: interceptions.items.map((interception) => ({
          id: interception.id,
          occurredAt: interception.occurredAt.toISOString(),
          location: interception.location,
          agency: interception.agency,
          groupSize: interception.groupSize,
          selected: interception.id === state.interceptionId,
        })),
        // The beds staff may name; without one, the allocator chooses (a family: an empty family unit).
        bedGroups: units
          .map((unit) => ({ name: unit.name, housing: unit.housing, beds: unit.beds.filter((bed) => bed.inService && !bed.occupied).map((bed) => ({ id: bed.id, label: bed.label, selected: bed.id === values.bedId })) }))
          .filter((unit) => unit.beds.length > 0),
        sexes: SEXES,
        values,
        problem: state.problem,
        errors: state.problem?.fields ?? {},
        duplicates: state.duplicates?.map((duplicate) => ({ ...duplicate, percent: Math.round(duplicate.score * 100) })),
        nationalityField: originListField(locale, 'nationality', { name: 'nationalities', idPrefix: 'nationalities', legend: 'person.nationalities', values: values.nationalities, errors: state.problem?.fields }),
        languageField: originListField(locale, 'language', { name: 'languages', idPrefix: 'languages', legend: 'person.languages', values: values.languages, errors: state.problem?.fields }),
        // Once possible duplicates were shown, the choice to create a new person stays on the form.
        askCreateAnyway: Boolean(state.duplicates?.length || values.createAnyway || values.personId),
        householdValues: state.householdValues ?? {},
        householdProblem: state.householdProblem,
        householdErrors: state.householdProblem?.fields ?? {},
        interceptionValues: state.interceptionValues ?? {},
        interceptionProblem: state.interceptionProblem,
        interceptionErrors: state.interceptionProblem?.fields ?? {},
        planHint: state.planHint,
        confirmation: confirmation && {
          ...confirmation,
          removal: confirmation.centre.kind === 'removal',
        },
        // Straight after a check-in or a new household, the cursor waits in the first field for the next person.
        focusFirstField: Boolean(confirmation) || (Boolean(state.householdId) && !state.values),
      },
      status,
    );
  }
}
