import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CAPACITY_STATES,
  LANGUAGE_CODE_PATTERN,
  ORGANISATION_KINDS,
  SERVICE_CATEGORIES,
  type Capacity,
  type OrganisationKind,
  type ServiceCategory,
} from '@roundtable/contracts';

export class PageQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit: number = 50;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) offset: number = 0;
}

export class DirectoryQueryDto extends PageQueryDto {
  /** Words to find in names, descriptions, cities and service names. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;

  @IsOptional() @IsIn(ORGANISATION_KINDS, { message: `kind must be one of: ${ORGANISATION_KINDS.join(', ')}` })
  kind?: OrganisationKind;

  /** Only organisations offering a service of this category. */
  @IsOptional() @IsIn(SERVICE_CATEGORIES, { message: `category must be one of: ${SERVICE_CATEGORIES.join(', ')}` })
  category?: ServiceCategory;

  /** Only organisations working in this language (ISO 639 code), themselves or in a service. */
  @IsOptional() @Matches(LANGUAGE_CODE_PATTERN, { message: 'language must be an ISO 639 code like "de" or "uk"' })
  language?: string;
}

export class ServiceQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(SERVICE_CATEGORIES, { message: `category must be one of: ${SERVICE_CATEGORIES.join(', ')}` })
  category?: ServiceCategory;
  @IsOptional() @Matches(LANGUAGE_CODE_PATTERN, { message: 'language must be an ISO 639 code like "de" or "uk"' })
  language?: string;
  @IsOptional() @IsIn(CAPACITY_STATES, { message: `capacity must be one of: ${CAPACITY_STATES.join(', ')}` })
  capacity?: Capacity;
}
