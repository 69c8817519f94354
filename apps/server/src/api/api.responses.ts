import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@escale/platform';

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [String], format: 'uuid' }) centreIds: string[];
}

export class UserResponse extends MeResponse {
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({ description: 'two-factor sign-in is on' }) mfaEnabled: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'the last completed sign-in, on the pages or for an API token' }) lastSignInAt: string | null;
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class LockoutResponse {
  @ApiProperty({ description: 'names the lockout, to lift it with DELETE /api/v1/auth/lockouts/:id' }) id: string;
  @ApiProperty({ enum: ['account', 'address'], description: 'an account from one address, or an address whatever the account' }) kind: 'account' | 'address';
  @ApiProperty({ nullable: true, type: String, description: 'the email tried (account lockouts); it may name no user' }) email: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ description: 'the source address (an IPv6 address by its /64)' }) address: string;
  @ApiProperty() failures: number;
  @ApiProperty({ format: 'date-time' }) lockedUntil: string;
}

export class LockoutPage {
  @ApiProperty({ type: [LockoutResponse] }) items: LockoutResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ example: 'person.read' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) centreId: string | null;
  @ApiProperty({ enum: ['success', 'denied', 'failure'] }) outcome: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'a list view: every record it showed, in order (entityId is then null); empty for an event about one record' }) subjectIds: string[];
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
