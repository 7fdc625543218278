import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, MaxLength } from 'class-validator';
import type { Audience, BulletinLanguage } from '@roundtable/contracts';

/** Audiences open to people without an account. */
export const PUBLIC_AUDIENCES = ['volunteers', 'employers', 'public'] as const;

/** A form sends one checkbox as a string and several as an array. */
const asArray = () => Transform(({ value }) => (value === undefined ? undefined : ([] as unknown[]).concat(value)));

export class SubscriptionDto {
  @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email: string;
  @IsIn(['de', 'en', 'de-simple'], { message: 'language must be de, en or de-simple' }) language: BulletinLanguage;
  @asArray() @IsArray({ message: 'choose at least one audience' }) @ArrayMinSize(1, { message: 'choose at least one audience' }) @ArrayUnique()
  @IsIn(PUBLIC_AUDIENCES, { each: true, message: `audiences must be some of: ${PUBLIC_AUDIENCES.join(', ')}` })
  audiences: Audience[];
}

export class PreferencesDto {
  @IsIn(['de', 'en', 'de-simple'], { message: 'language must be de, en or de-simple' }) language: BulletinLanguage;
  @asArray() @IsArray({ message: 'choose at least one audience' }) @ArrayMinSize(1, { message: 'choose at least one audience' }) @ArrayUnique()
  @IsIn(PUBLIC_AUDIENCES, { each: true, message: `audiences must be some of: ${PUBLIC_AUDIENCES.join(', ')}` })
  audiences: Audience[];
}
