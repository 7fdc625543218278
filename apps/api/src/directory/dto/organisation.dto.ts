import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsInt,
  Max,
  Min,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LANGUAGE_CODE_PATTERN, ORGANISATION_KINDS, type OrganisationKind } from '@roundtable/contracts';

export class AddressDto {
  @IsOptional() @IsString() @MaxLength(200) street?: string;
  @IsOptional() @IsString() @Matches(/^[0-9A-Za-z -]{3,12}$/, { message: 'postalCode must be a postal code like 39104' })
  postalCode?: string;
  @IsString() @Length(1, 100) city: string;
}

export class ContactPointDto {
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @MaxLength(200) role?: string;
  @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email?: string;
  @IsOptional() @Matches(/^\+?[0-9 ()/-]{3,40}$/, { message: 'phone must be a phone number like +49 391 540-0' })
  phone?: string;
}

export class CreateOrganisationDto {
  /** The value of the `org` attribute of this organisation's users in Keycloak. */
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, {
    message: 'slug must be 2-63 lower-case letters, digits or hyphens, starting with a letter or digit',
  })
  slug: string;

  @IsString() @Length(2, 200) name: string;

  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of: ${ORGANISATION_KINDS.join(', ')}` })
  kind: OrganisationKind;

  @IsOptional() @IsString() @MaxLength(4000) description?: string;

  @ValidateNested() @Type(() => AddressDto) address: AddressDto;

  @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'website must be an http(s) URL' })
  @MaxLength(500)
  website?: string;

  /** ISO 639-1 codes of the languages the organisation works in, e.g. ["de", "ar"]. */
  @IsOptional() @IsArray() @ArrayMaxSize(40)
  @Matches(LANGUAGE_CODE_PATTERN, { each: true, message: 'languages must be ISO 639 codes like "de" or "uk"' })
  languages?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactPointDto)
  contactPoints?: ContactPointDto[];

  /** Days within which the organisation reacts to a referral before it counts as overdue (1-60, default 3). */
  @IsOptional() @IsInt() @Min(1) @Max(60) responseTimeDays?: number;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}
