import { ApiProperty } from '@nestjs/swagger';
import { CENTRE_KINDS, HOUSINGS, OUT_OF_SERVICE_REASONS } from '@escale/centres';
import { ROLES } from '@escale/platform';
import { INTEGER, UUID } from './shared.js';

export class CentreResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ example: 'CRA-LESQUIN' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CENTRE_KINDS }) kind: string;
  @ApiProperty(INTEGER) maxStayDays: number;
  @ApiProperty({ ...INTEGER, description: 'removal centres: the first holding authority, in days' }) initialAuthorisationDays: number;
  @ApiProperty({ example: 'Europe/Paris' }) timezone: string;
  @ApiProperty({ ...INTEGER, description: 'minutes between checks at the standard welfare level' }) welfareStandardMinutes: number;
  @ApiProperty({ ...INTEGER, description: 'minutes between checks at the heightened welfare level' }) welfareHeightenedMinutes: number;
  @ApiProperty({ ...INTEGER, description: 'minutes between checks under constant watch' }) welfareConstantMinutes: number;
  @ApiProperty({ ...INTEGER, description: 'minutes after arrival before the first welfare check' }) firstWelfareCheckMinutes: number;
}

export class CentrePage {
  @ApiProperty({ type: [CentreResponse] }) items: CentreResponse[];
  @ApiProperty(INTEGER) total: number;
  @ApiProperty(INTEGER) limit: number;
  @ApiProperty(INTEGER) offset: number;
}

export class UnitResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: HOUSINGS }) housing: string;
}

class OutOfService {
  @ApiProperty({ enum: OUT_OF_SERVICE_REASONS }) reason: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'when the bed is expected back in service' }) expectedBackOn: string | null;
}

class UnitBedOutOfService {
  @ApiProperty(UUID) bedId: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: OUT_OF_SERVICE_REASONS }) reason: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) expectedBackOn: string | null;
}

export class BedResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) unitId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() label: string;
  @ApiProperty(INTEGER) position: number;
  @ApiProperty() inService: boolean;
  @ApiProperty() occupied: boolean;
  @ApiProperty({ type: OutOfService, nullable: true, description: 'why the bed is out of service; null while in service' }) outOfService: OutOfService | null;
}

export class BedList {
  @ApiProperty({ type: [BedResponse] }) items: BedResponse[];
}

class UnitOccupancy {
  @ApiProperty(UUID) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: HOUSINGS }) housing: string;
  @ApiProperty(INTEGER) capacity: number;
  @ApiProperty(INTEGER) occupied: number;
  @ApiProperty({ type: [UnitBedOutOfService], description: 'the unit’s beds out of service, with why' }) outOfService: UnitBedOutOfService[];
}

export class OccupancyResponse {
  @ApiProperty({ ...INTEGER, description: 'beds in service' }) capacity: number;
  @ApiProperty(INTEGER) occupied: number;
  @ApiProperty(INTEGER) available: number;
  @ApiProperty({ type: [UnitOccupancy] }) units: UnitOccupancy[];
}

class DutyContact {
  @ApiProperty(UUID) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ enum: ROLES }) role: string;
}

export class DutyContactList {
  @ApiProperty({ type: [DutyContact], description: 'the users an unacknowledged urgent alert goes to out of hours' }) items: DutyContact[];
}
