import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { AGENDA_ITEM_KINDS, DATA_CATEGORIES, SERVICE_CATEGORIES, URGENCIES, type AgendaItemKind, type DataCategory, type ServiceCategory, type Urgency } from '@roundtable/contracts';

export class AgendaItemDto {
  @IsIn(AGENDA_ITEM_KINDS, { message: 'kind must be case or topic' }) kind: AgendaItemKind;
  /** The non-personal topic everybody sees, e.g. "Identitätsklärung: Passbeschaffung". */
  @IsString() @Length(3, 200, { message: 'title must be 3 to 200 characters' }) title: string;
  /** For a case: the client discussed. */
  @IsOptional() @IsUUID('4', { message: 'clientId must be a client id' }) clientId?: string;
  /** For a case: the data categories the discussion needs. */
  @IsOptional() @IsArray() @ArrayMinSize(1, { message: 'categories must name at least one data category' }) @ArrayUnique() @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true, message: `categories must be some of: ${DATA_CATEGORIES.join(', ')}` })
  categories?: DataCategory[];
  /** For a topic about a legal change: its bulletin. */
  @IsOptional() @IsUUID('4', { message: 'bulletinId must be a bulletin id' }) bulletinId?: string;
  @IsInt({ message: 'timeBoxMinutes must be a whole number' }) @Min(1, { message: 'timeBoxMinutes must be at least 1' }) @Max(240, { message: 'timeBoxMinutes must be at most 240' })
  timeBoxMinutes: number;
  @IsUUID('4', { message: 'presentingOrganisationId must be an organisation id' }) presentingOrganisationId: string;
}

export class AgendaOrderDto {
  @IsArray() @ArrayUnique() @ArrayMaxSize(100) @IsUUID('4', { each: true, message: 'itemIds must be agenda item ids' }) itemIds: string[];
}

/** Hands an action item on as a referral to its owner organisation (with the case's client, if the caller's organisation owns it). */
export class ActionReferralDto {
  @IsIn(SERVICE_CATEGORIES, { message: `serviceCategory must be one of: ${SERVICE_CATEGORIES.join(', ')}` }) serviceCategory: ServiceCategory;
  @IsString() @Length(3, 4000) reason: string;
  @IsIn(URGENCIES, { message: `urgency must be one of: ${URGENCIES.join(', ')}` }) urgency: Urgency;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'deadline must be a date like 2026-11-30' }) @Length(10, 10, { message: 'deadline must be a date like 2026-11-30' })
  deadline?: string;
  @IsOptional() @IsUUID('4', { message: 'toServiceId must be a service id' }) toServiceId?: string;
  @IsOptional() @IsBoolean() send?: boolean;
}
