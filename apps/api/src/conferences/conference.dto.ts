import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { allOf } from '../validated';
import { RECURRENCES, RSVP_ANSWERS, type Recurrence, type RsvpAnswer } from '@roundtable/contracts';

const LOCAL_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;

export class RecurrenceDto {
  @IsIn(RECURRENCES, { message: `recurrence.frequency must be one of: ${RECURRENCES.join(', ')}` }) frequency: Recurrence;
  /** How many meetings the series has, the first included. */
  @IsInt({ message: 'recurrence.count must be a whole number' }) @Min(2, { message: 'recurrence.count must be at least 2' }) @Max(24, { message: 'recurrence.count must be at most 24' })
  count: number;
}

const rules = {
  title: () => allOf(IsString(), Length(3, 200, { message: 'title must be 3 to 200 characters' })),
  /** Wall-clock time in Europe/Berlin, e.g. 2026-12-03T10:00. */
  startsAt: () => allOf(Matches(LOCAL_TIME, { message: 'startsAt must be a Berlin time like 2026-12-03T10:00' })),
  durationMinutes: () =>
    allOf(
      IsInt({ message: 'durationMinutes must be a whole number' }),
      Min(5, { message: 'durationMinutes must be at least 5' }),
      Max(600, { message: 'durationMinutes must be at most 600' }),
    ),
  moderatorMemberId: () => allOf(IsUUID('4', { message: 'moderatorMemberId must be a member id' })),
};

/** Where and who: the same for scheduling and for changes. */
class PlaceAndPeople {
  @IsOptional() @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'onlineUrl must be an https link' }) @Length(1, 500) onlineUrl?: string;
  @IsOptional() @IsString() @Length(2, 200, { message: 'room must be 2 to 200 characters' }) room?: string;
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(200) @IsUUID('4', { each: true, message: 'invitedMemberIds must be member ids' }) invitedMemberIds?: string[];
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(50) @IsUUID('4', { each: true, message: 'invitedOrganisationIds must be organisation ids' }) invitedOrganisationIds?: string[];
}

export class CreateConferenceDto extends PlaceAndPeople {
  @IsDefined({ message: 'title is required' }) @rules.title() title: string;
  @IsDefined({ message: 'startsAt is required' }) @rules.startsAt() startsAt: string;
  @IsDefined({ message: 'durationMinutes is required' }) @rules.durationMinutes() durationMinutes: number;
  @IsDefined({ message: 'moderatorMemberId is required' }) @rules.moderatorMemberId() moderatorMemberId: string;
  /** A series: the same Berlin time every week, every other week or every month. */
  @IsOptional() @ValidateNested() @Type(() => RecurrenceDto) recurrence?: RecurrenceDto;
}

/** What a convenor may change after scheduling; every field optional. Invitees given replace the old ones. */
export class UpdateConferenceDto extends PlaceAndPeople {
  @IsOptional() @rules.title() title?: string;
  @IsOptional() @rules.startsAt() startsAt?: string;
  @IsOptional() @rules.durationMinutes() durationMinutes?: number;
  @IsOptional() @rules.moderatorMemberId() moderatorMemberId?: string;
}

export class RsvpDto {
  @IsIn(RSVP_ANSWERS, { message: 'answer must be yes, no or maybe' }) answer: RsvpAnswer;
}

export class ConferenceQueryDto {
  /** From this Berlin date on (default: today). */
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date like 2026-12-01' }) from?: string;
  /** Up to this Berlin date, exclusive (default: 90 days later). */
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date like 2026-12-31' }) to?: string;
}
