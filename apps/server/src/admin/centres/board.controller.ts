import { Controller, Get, Param, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CentresService } from '@escale/centres';
import { type Actor, translate } from '@escale/platform';
import { StaysService } from '@escale/stays';
import { IdPipe } from '../../api/id.pipe.js';
import { Roles } from '../../http/access.decorator.js';
import { CurrentActor } from '../../http/current-actor.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';

/** The centre board: every unit and bed, free or taken, and by whom. */
@ApiExcludeController()
@Controller('centres')
export class BoardPageController {
  constructor(
    private readonly stays: StaysService,
    private readonly centres: CentresService,
  ) {}

  @Roles('staff')
  @Get(':id/board')
  @Render('admin/centres/board')
  async board(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Req() request: EscaleRequest) {
    const { centre, units } = await this.stays.board(actor, id);
    const occupancy = await this.centres.occupancy(actor, id);
    // Number households in the order they appear, so neighbouring beds of one family read as one group.
    const households = new Map<string, number>();
    // Why a bed is out of service, and when it is expected back.
    const outOfService = new Map(occupancy.units.flatMap((unit) => unit.outOfService.map((bed) => [bed.bedId, bed] as const)));
    return {
      title: translate(request.locale!, 'board.title', { centre: centre.name }),
      centre,
      occupancy,
      units: units.map((unit) => {
        const counts = occupancy.units.find((entry) => entry.id === unit.id);
        return {
          ...unit,
          capacity: counts?.capacity ?? 0,
          occupied: counts?.occupied ?? 0,
          beds: unit.beds.map((bed) => {
            const householdId = bed.stay?.householdId;
            if (householdId && !households.has(householdId)) households.set(householdId, households.size + 1);
            const household = householdId ? households.get(householdId) : undefined;
            return {
              ...bed,
              state: !bed.inService ? 'out-of-service' : bed.stay ? 'occupied' : 'free',
              outOfService: outOfService.get(bed.id),
              household,
              householdShade: household === undefined ? undefined : household % 2 === 1 ? 'a' : 'b',
            };
          }),
        };
      }),
    };
  }
}
