import { Controller, Get, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CasesService } from '@escale/cases';
import { CentresService } from '@escale/centres';
import { PeopleService } from '@escale/people';
import { type Actor, Clock, PageQuery, translate } from '@escale/platform';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { FormReader, FormText, pagination, queryString, validated } from '../forms.js';
import { deadlineBadge } from './case.page.js';

/** Cases waiting for a caseworker come a page at a time. */
const WAITING_PAGE_SIZE = 20;

export class DashboardQuery {
  @FormText(9) waiting?: string;
}

/** A caseworker's day: the legal deadlines of the next 7 days (soonest first), overdue tasks, their cases, and cases no one holds yet. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardPageController {
  constructor(
    private readonly cases: CasesService,
    private readonly people: PeopleService,
    private readonly centres: CentresService,
    private readonly clock: Clock,
  ) {}

  @Roles('caseworker')
  @Get()
  @Render('admin/cases/dashboard')
  async dashboard(@CurrentActor() actor: Actor, @Query() query: DashboardQuery, @Req() request: EscaleRequest) {
    const locale = request.locale!;
    const { myCases, upcomingDeadlines, overdueTasks } = await this.cases.dashboard(actor, locale);
    const page = await validated(PageQuery, { limit: WAITING_PAGE_SIZE, offset: new FormReader().integer(query.waiting) ?? 0 });
    const waiting = await this.cases.listUnassigned(actor, page);
    // Deadlines and tasks name a case; the person it is about is looked up once for all of them.
    const summaries = await this.cases.caseSummaries(actor, [...upcomingDeadlines.map((deadline) => deadline.caseId), ...overdueTasks.map((task) => task.caseId)]);
    const personOfCase = new Map([...myCases, ...waiting.items, ...summaries].map((c) => [c.id, c.personId]));
    const people = await this.people.namesOf(actor, [...personOfCase.values()]);
    const names = new Map(people.map((person) => [person.id, `${person.givenNames} ${person.familyName}`]));
    const nameOfCase = (caseId: string) => names.get(personOfCase.get(caseId) ?? '') ?? '';
    const centres = await this.centres.listCentres(actor, 500, 0);
    const centreName = (centreId: string) => centres.items.find((centre) => centre.id === centreId)?.name ?? '';
    const now = this.clock.now();
    return {
      title: translate(locale, 'dashboard.title'),
      myCases: myCases.map((c) => ({ ...c, name: nameOfCase(c.id), centreName: centreName(c.centreId) })),
      deadlines: upcomingDeadlines.map((deadline) => ({ ...deadline, name: nameOfCase(deadline.caseId), badge: deadlineBadge(deadline.deadlineKind, deadline.dueAt, now) })),
      overdueTasks: overdueTasks.map((task) => ({ ...task, name: nameOfCase(task.caseId) })),
      waiting: waiting.items.map((c) => ({ ...c, name: nameOfCase(c.id), centreName: centreName(c.centreId) })),
      pagination: pagination(waiting, (offset) => `/dashboard${queryString({ waiting: offset || undefined })}#waiting`),
    };
  }
}
