import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { AUDIENCES, type Audience, type BulletinLanguage } from '@roundtable/contracts';
import { allOf } from '../validated';

/** Audiences open to people without an account; members may also choose partner_staff. */
export const PUBLIC_AUDIENCES = ['volunteers', 'employers', 'public'] as const;

/** A form sends one checkbox as a string and several as an array. */
const asArray = () => Transform(({ value }) => (value === undefined ? undefined : ([] as unknown[]).concat(value)));
/** A form's checkbox sends "on" when ticked and nothing when not; JSON sends a boolean. */
const asBoolean = () => Transform(({ value }) => (value === 'on' || value === 'true' ? true : value === 'false' ? false : value));
const audienceList = (allowed: readonly Audience[]) => [
  asArray(),
  IsArray({ message: 'choose at least one audience' }),
  ArrayMinSize(1, { message: 'choose at least one audience' }),
  ArrayUnique(),
  IsIn(allowed, { each: true, message: `audiences must be some of: ${allowed.join(', ')}` }),
];

class LanguageAndReminders {
  @ApiProperty({ enum: ['de', 'en', 'de-simple'] })
  @IsIn(['de', 'en', 'de-simple'], { message: 'language must be de, en or de-simple' }) language: BulletinLanguage;
  @ApiProperty({ required: false, description: 'An "in force today" mail on the day a provision takes effect.' })
  @IsOptional() @asBoolean() @IsBoolean({ message: 'reminders must be true or false' }) reminders?: boolean;
}

/** A subscriber without an account changes their subscription (preferences page). */
export class PreferencesDto extends LanguageAndReminders {
  @ApiProperty({ enum: PUBLIC_AUDIENCES, isArray: true }) @allOf(...audienceList(PUBLIC_AUDIENCES)) audiences: Audience[];
}

export class SubscriptionDto extends PreferencesDto {
  @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email: string;
}

/** A member subscribes with the address their account has; they may also choose partner_staff. */
export class MemberSubscriptionDto extends LanguageAndReminders {
  @ApiProperty({ enum: AUDIENCES, isArray: true }) @allOf(...audienceList(AUDIENCES)) audiences: Audience[];
}
