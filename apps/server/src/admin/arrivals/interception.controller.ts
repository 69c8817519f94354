import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CentresService } from '@escale/centres';
import { PeopleService } from '@escale/people';
import { type Actor, PageQuery, translate } from '@escale/platform';
import { ArrivalsService, StaysService } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { pagination, queryString } from '../forms.js';

/** Interceptions: the recent ones, and for each, who came from it and where each is now. */
@ApiExcludeController()
@Controller('interceptions')
export class InterceptionPageController {
  constructor(
    private readonly arrivals: ArrivalsService,
    private readonly stays: StaysService,
    private readonly people: PeopleService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff', 'caseworker', 'admin')
  @Get()
  @Render('admin/arrivals/interceptions')
  async list(@CurrentActor() actor: Actor, @Query() query: PageQuery, @Req() request: EscaleRequest) {
    const page = await this.stays.listInterceptions(actor, query.limit ?? 20, query.offset ?? 0);
    return {
      title: translate(request.locale!, 'interceptions.title'),
      canRecord: actor.role === 'staff',
      interceptions: page.items.map((item) => ({ id: item.id, occurredAt: item.occurredAt.toISOString(), location: item.location, agency: item.agency, groupSize: item.groupSize })),
      pagination: pagination(page, (offset) => `/interceptions${queryString({ offset, limit: query.limit })}`),
    };
  }

  @Roles('staff', 'caseworker', 'admin')
  @Get(':id')
  @Render('admin/arrivals/interception')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const counts = await this.arrivals.interceptionCounts(actor, id);
    // Nobody of the caller's centres from it yet: the counts, and for staff the roster to record them.
    const people = counts.recorded ? await this.arrivals.interception(actor, id).then((detail) => detail.people, () => []) : [];
    const names = actor.role === 'admin' ? new Map() : new Map((await this.people.namesOf(actor, people.map((person) => person.personId))).map((name) => [name.id, name]));
    const centreIds = [...new Set(people.map((person) => person.centreId))];
    const centres = new Map((await Promise.all(centreIds.map((centreId) => this.centres.getCentre(actor, centreId)))).map((centre) => [centre.id, centre]));
    const listed = new Set(people.map((person) => person.personId)).size;
    return {
      title: translate(request.locale!, 'interceptionPage.title', { location: counts.location }),
      interception: counts,
      missing: Math.max(0, counts.groupSize - counts.recorded),
      canRecord: actor.role === 'staff',
      hiddenElsewhere: counts.recorded > listed,
      people: people
        .map((person) => {
          const name = names.get(person.personId);
          const centre = centres.get(person.centreId);
          return { ...person, name: name ? `${name.givenNames} ${name.familyName}` : undefined, sortName: name ? `${name.familyName} ${name.givenNames}` : person.personId, centreName: centre?.name, centreId: centre?.id, waiting: person.status === 'awaiting_bed' };
        })
        .sort((a, b) => a.sortName.localeCompare(b.sortName)),
    };
  }
}
