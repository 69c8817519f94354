import { Controller, Get, Param, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CentresService } from '@escale/centres';
import { type Actor, translate } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';

/** A person: identity, the languages they read, age flags, and their stays in the reader's centres. */
@ApiExcludeController()
@Controller('people')
export class PersonPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff', 'caseworker')
  @Get(':id')
  @Render('admin/people/show')
  async show(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const { person, stays } = await this.stays.getPersonWithStays(actor, id);
    // The stays shown are in the reader's own centres, which this lists with their names.
    const centres = await this.centres.listCentres(actor, 500, 0);
    const centreName = (centreId: string) => centres.items.find((centre) => centre.id === centreId)?.name ?? '';
    return {
      title: `${person.givenNames} ${person.familyName}`,
      pageTitle: translate(request.locale!, 'person.title'),
      person: { ...person, nationalities: person.nationalities.map((code) => code.trim()) },
      stays: stays.map((stay) => ({ ...stay, centreName: centreName(stay.centreId), open: stay.checkedOutAt === null })),
    };
  }
}
