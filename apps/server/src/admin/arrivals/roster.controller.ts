import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CentresService } from '@escale/centres';
import { PeopleService, type PossibleDuplicate, SEXES } from '@escale/people';
import {
  type Actor,
  Clock,
  dateTimeFormat,
  isMessageKey,
  languageCode,
  languageOptions,
  type Locale,
  type MessageKey,
  nationalityCode,
  nationalityOptions,
  NotFound,
  translate,
} from '@escale/platform';
import { type ArrivalResult, ArrivalsDto, ArrivalsService } from '@escale/stays';
import { rowsOf } from '../../api/arrivals.controller.js';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, formProblem, type FormProblem, renderPage, validated } from '../forms.js';
import { UI_TIME_ZONE } from '../time.js';
import { householdRef, readBirth, ROSTER_ROWS, RosterForm, RosterQuery, type RosterRowValues, rosterRows } from './roster.forms.js';

/** The roster's columns, and the message shown in a cell the arrivals rules refused. */
const COLUMNS: Record<string, { column: keyof RosterRowValues; message: MessageKey }> = {
  'person.familyName': { column: 'familyName', message: 'fieldError.familyName' },
  'person.givenNames': { column: 'givenNames', message: 'fieldError.givenNames' },
  'person.dateOfBirth': { column: 'birth', message: 'roster.fieldError.birth' },
  'person.dobEstimated': { column: 'birth', message: 'roster.fieldError.birth' },
  'person.ageDisputed': { column: 'ageDisputed', message: 'fieldError.generic' },
  'person.sex': { column: 'sex', message: 'fieldError.sex' },
  'person.nationalities': { column: 'nationalities', message: 'roster.fieldError.nationalities' },
  'person.languages': { column: 'languages', message: 'roster.fieldError.languages' },
  householdRef: { column: 'household', message: 'roster.fieldError.household' },
};

/** Codes refusing a whole row, and what the row says. */
const rowMessage = (locale: Locale, code: string): string => {
  for (const key of [`arrivals.code.${code}`, `errors.${code}`]) if (isMessageKey(key)) return translate(locale, key);
  return translate(locale, 'error.generic');
};

interface EditableRow extends RosterRowValues {
  number: number;
  errors: Partial<Record<keyof RosterRowValues, string>>;
  message?: string;
  autofocus?: keyof RosterRowValues;
}

interface RosterState {
  centreId?: string;
  /** Rows kept on the page: those refused, with their messages, or all of them when the whole roster was refused. */
  kept?: EditableRow[];
  /** What the last submit recorded, by person. */
  recorded?: Map<string, { household: string; duplicates: PossibleDuplicate[] }>;
  recordedCount?: number;
  problem?: FormProblem;
}

const list = (text: string) =>
  text
    .split(/[,;\n]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * The arrival roster: everyone of an interception typed on one page, a row per person, and
 * recorded in one submit through the arrivals service, which checks each person by the same
 * rules as the API. Each row carries a ref made once per page load, so sending the same page
 * again records nobody twice; a household is the same across page loads when its label is.
 */
@ApiExcludeController()
@Controller('interceptions')
export class RosterPageController {
  constructor(
    private readonly arrivals: ArrivalsService,
    private readonly people: PeopleService,
    private readonly centres: CentresService,
    private readonly clock: Clock,
  ) {}

  @Roles('staff')
  @Get(':id/roster')
  async roster(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Query() query: RosterQuery, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    await this.render(response, actor, id, request.locale!, { centreId: query.centreId });
  }

  @Roles('staff')
  @Post(':id/roster')
  async record(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() form: RosterForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    const locale = request.locale!;
    const centreId = new FormReader().text(form.centreId);
    const rows = rosterRows(form);
    const editable = (row: RosterRowValues, index: number): EditableRow => ({ ...row, number: index + 1, errors: {} });
    if (rows.length === 0) {
      const problem = { status: 400, code: 'VALIDATION_FAILED' as const, message: translate(locale, 'roster.empty'), items: [], fields: {} };
      await this.render(response, actor, id, locale, { centreId, problem }, 400);
      return;
    }
    const year = Number(dateTimeFormat('en-GB', { year: 'numeric', timeZone: UI_TIME_ZONE }).format(this.clock.now()));
    const labels = [...new Set(rows.map((row) => row.household).filter(Boolean))];
    try {
      const body = await validated(ArrivalsDto, {
        centreId,
        households: labels.map((label) => ({ ref: householdRef(label), label })),
        people: rows.map((row) => {
          const birth = readBirth(row.birth, { year });
          return {
            ref: row.ref,
            householdRef: row.household ? householdRef(row.household) : undefined,
            person: {
              familyName: row.familyName || undefined,
              givenNames: row.givenNames || undefined,
              dateOfBirth: birth.dateOfBirth,
              dobEstimated: birth.estimated || row.dobEstimated,
              ageDisputed: row.ageDisputed,
              sex: row.sex || undefined,
              nationalities: list(row.nationalities).map(nationalityCode),
              languages: list(row.languages).map(languageCode),
            },
          };
        }),
      });
      const results = await this.arrivals.arrive(actor, id, body.centreId, body.households ?? [], await rowsOf(body));
      const kept: EditableRow[] = [];
      const recorded = new Map<string, { household: string; duplicates: PossibleDuplicate[] }>();
      results.forEach((result, index) => {
        if (result.status === 'invalid') kept.push(this.refused(locale, editable(rows[index], kept.length), result));
        else if (result.personId) recorded.set(result.personId, { household: rows[index].household, duplicates: result.possibleDuplicates });
      });
      const problem: FormProblem | undefined = kept.length
        ? { status: 400, code: 'VALIDATION_FAILED', message: translate(locale, 'roster.problem', { count: kept.length }), items: this.problemItems(locale, kept), fields: {} }
        : undefined;
      await this.render(response, actor, id, locale, { centreId: body.centreId, kept, recorded, recordedCount: recorded.size, problem }, problem ? 400 : 200);
    } catch (error) {
      const problem = formProblem(error, locale, { centreId: { id: 'roster-centre', message: 'roster.fieldError.centre' } });
      await this.render(response, actor, id, locale, { centreId, kept: rows.map(editable), problem }, problem.status);
    }
  }

  /** A refused row, with a message in each cell the rules refused, or one for the row. */
  private refused(locale: Locale, row: EditableRow, result: ArrivalResult): EditableRow {
    for (const path of Object.keys(result.fields ?? {})) {
      const spec = COLUMNS[path] ?? COLUMNS[path.replace(/\.\d+$/, '')];
      if (spec && !row.errors[spec.column]) row.errors[spec.column] = translate(locale, spec.message);
    }
    if (Object.keys(row.errors).length === 0) row.message = result.code === 'VALIDATION_FAILED' ? translate(locale, 'fieldError.generic') : rowMessage(locale, result.code ?? '');
    return row;
  }

  private problemItems(locale: Locale, rows: EditableRow[]) {
    return rows.flatMap((row) => {
      const cells = Object.entries(row.errors).map(([column, message]) => ({ id: `row-${row.number}-${column}`, message: translate(locale, 'roster.rowProblem', { number: row.number, message }) }));
      return cells.length ? cells : [{ id: `row-${row.number}-familyName`, message: translate(locale, 'roster.rowProblem', { number: row.number, message: row.message }) }];
    });
  }

  private async render(response: Response, actor: Actor, id: string, locale: Locale, state: RosterState, status = 200): Promise<void> {
    const counts = await this.arrivals.interceptionCounts(actor, id);
    const centres = await Promise.all(actor.centreIds.map((centreId) => this.centres.getCentre(actor, centreId)));
    const centreId = state.centreId ?? (centres.length === 1 ? centres[0].id : undefined);
    // Who is recorded in the caller's centres: none yet is not an error here.
    const people = counts.recorded ? await this.arrivals.interception(actor, id).then((detail) => detail.people, (error: unknown) => (error instanceof NotFound ? [] : Promise.reject(error))) : [];
    const names = new Map((await this.people.namesOf(actor, people.map((person) => person.personId))).map((name) => [name.id, name]));
    const centreNames = new Map(centres.map((centre) => [centre.id, centre.name]));
    const just = state.recorded ?? new Map<string, { household: string; duplicates: PossibleDuplicate[] }>();
    const shown = people.map((person) => {
      const name = names.get(person.personId);
      const last = just.get(person.personId);
      return {
        ...person,
        name: name ? `${name.givenNames} ${name.familyName}` : '',
        sortName: name ? `${name.familyName} ${name.givenNames}` : '',
        centre: centreNames.get(person.centreId) ?? '',
        just: Boolean(last),
        household: last?.household,
        duplicates: last?.duplicates.map((duplicate) => ({ ...duplicate, percent: Math.round(duplicate.score * 100) })),
      };
    });
    // Earlier arrivals by name, then the ones just recorded, in the order typed.
    const order = [...just.keys()];
    const recordedRows = [
      ...shown.filter((row) => !row.just).sort((a, b) => a.sortName.localeCompare(b.sortName)),
      ...shown.filter((row) => row.just).sort((a, b) => order.indexOf(a.personId) - order.indexOf(b.personId)),
    ];
    // A fresh ref for each new row of this page load; rows kept from the last submit keep theirs.
    const token = randomBytes(6).toString('base64url');
    const kept = state.kept ?? [];
    const empty: EditableRow[] = Array.from({ length: Math.max(0, ROSTER_ROWS - kept.length) }, (_, index) => ({
      ref: `${token}-${index + 1}`,
      number: kept.length + index + 1,
      household: '',
      familyName: '',
      givenNames: '',
      birth: '',
      sex: '',
      nationalities: '',
      languages: '',
      dobEstimated: false,
      ageDisputed: false,
      errors: {},
    }));
    const rows = [...kept, ...empty].map((row, index) => ({ ...row, index, previous: index > 0 ? index : undefined }));
    // The cursor waits in the first cell to correct, or in the first empty row.
    const firstKept = kept.find((row) => row.message || Object.keys(row.errors).length);
    const focusRow = firstKept ?? rows[kept.length] ?? rows[0];
    const focusColumn = firstKept ? ((Object.keys(firstKept.errors)[0] as keyof RosterRowValues | undefined) ?? 'familyName') : 'familyName';
    renderPage(
      response,
      'admin/arrivals/roster',
      {
        title: translate(locale, 'roster.title', { location: counts.location }),
        interception: counts,
        counts: { recorded: counts.recorded, groupSize: counts.groupSize, placed: counts.checkedIn, waiting: counts.awaitingBed },
        centres: centres.map((centre) => ({ id: centre.id, name: centre.name, selected: centre.id === centreId })),
        centreError: state.problem?.fields['roster-centre'],
        problem: state.problem,
        done: state.recordedCount ? translate(locale, 'roster.done', { count: state.recordedCount }) : undefined,
        recordedRows,
        hiddenElsewhere: counts.recorded > new Set(people.map((person) => person.personId)).size,
        rows: rows.map((row) => ({ ...row, autofocus: row.ref === focusRow.ref ? focusColumn : undefined })),
        sexes: SEXES,
        nationalityOptions: nationalityOptions(locale),
        languageOptions: languageOptions(locale),
      },
      status,
    );
  }
}

