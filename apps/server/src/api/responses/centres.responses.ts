import { ApiProperty } from '@nestjs/swagger';
import { CENTRE_KINDS, HOUSINGS } from '@escale/centres';
import { INTEGER, UUID } from './shared.js';

export class CentreResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ example: 'CRA-LESQUIN' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CENTRE_KINDS }) kind: string;
  @ApiProperty(INTEGER) maxStayDays: number;
  @ApiProperty({ ...INTEGER, description: 'removal centres: the first holding authority, in days' }) initialAuthorisationDays: number;
  @ApiProperty({ example: 'Europe/Paris' }) timezone: string;
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

export class BedResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) unitId: string;
  @ApiProperty(UUID) centreId: string;
  @ApiProperty() label: string;
  @ApiProperty(INTEGER) position: number;
  @ApiProperty() inService: boolean;
  @ApiProperty() occupied: boolean;
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
}

export class OccupancyResponse {
  @ApiProperty({ ...INTEGER, description: 'beds in service' }) capacity: number;
  @ApiProperty(INTEGER) occupied: number;
  @ApiProperty(INTEGER) available: number;
  @ApiProperty({ type: [UnitOccupancy] }) units: UnitOccupancy[];
}
