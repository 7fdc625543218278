
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import {
  OUTCOMES,
  REFERRAL_ACTIONS,
  REFERRAL_STATES,
  SERVICE_CATEGORIES,
  URGENCIES,
  type Outcome,
  type ReferralAction,
  type ReferralState,
  type ServiceCategory,
  type Urgency,
} from '@roundtable/contracts';
import { PageQueryDto } from '../../directory/dto/directory-query.dto';

export class CreateReferralDto {
  @IsUUID('4', { message: 'toOrganisationId must be an organisation id' }) toOrganisationId: string;
  /** One of the receiving organisation's services from the directory. */
  @IsOptional() @IsUUID('4', { message: 'toServiceId must be a service id' }) toServiceId?: string;
  @IsIn(SERVICE_CATEGORIES, { message: `serviceCategory must be one of: ${SERVICE_CATEGORIES.join(', ')}` }) serviceCategory: ServiceCategory;
  @IsString() @Length(3, 4000) reason: string;
  @IsIn(URGENCIES, { message: `urgency must be one of: ${URGENCIES.join(', ')}` }) urgency: Urgency;
  /** A date like 2026-11-30; required for emergencies, never in the past. */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'deadline must be a date like 2026-11-30' }) @Length(10, 10, { message: 'deadline must be a date like 2026-11-30' })
  deadline?: string;
  /** The client, if personal data is to travel; without it the referral carries a request to make contact. */
  @IsOptional() @IsUUID('4', { message: 'clientId must be a client id' }) clientId?: string;
  /** Send at once instead of keeping a draft. */
  @IsOptional() @IsBoolean() send?: boolean;
}

export class ReferralActionDto {
  @IsIn(REFERRAL_ACTIONS.filter((a) => a !== 'expire'), { message: 'action must be one of: send, accept, decline, start, hold, complete, fail, withdraw' })
  action: Exclude<ReferralAction, 'expire'>;
  /** Required to decline. */
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  /** Required to complete (got_help, referred_elsewhere) or fail (the others). */
  @IsOptional() @IsIn(OUTCOMES, { message: `outcome must be one of: ${OUTCOMES.join(', ')}` }) outcome?: Outcome;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ReferralQueryDto extends PageQueryDto {
  @IsIn(['inbox', 'outbox'], { message: 'box must be inbox or outbox' }) box: 'inbox' | 'outbox';
  @IsOptional() @IsIn(REFERRAL_STATES, { message: `state must be one of: ${REFERRAL_STATES.join(', ')}` }) state?: ReferralState;
  @IsOptional() @IsIn(URGENCIES, { message: `urgency must be one of: ${URGENCIES.join(', ')}` }) urgency?: Urgency;
  @IsOptional() @IsIn(['true', 'false'], { message: 'overdue must be true or false' }) overdue?: 'true' | 'false';
  @IsOptional() @IsUUID('4', { message: 'serviceId must be a service id' }) serviceId?: string;
}

export class ReferralMessageDto {
  @IsString() @Length(1, 4000) body: string;
}

