import { PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import {
  CAPACITY_STATES,
  LANGUAGE_CODE_PATTERN,
  SERVICE_CATEGORIES,
  type Capacity,
  type ServiceCategory,
} from '@roundtable/contracts';

export class CreatePartnerServiceDto {
  @IsString() @Length(2, 200) name: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;

  @IsIn(SERVICE_CATEGORIES, { message: `category must be one of: ${SERVICE_CATEGORIES.join(', ')}` })
  category: ServiceCategory;

  /** Who can use the service, in plain words. */
  @IsOptional() @IsString() @MaxLength(2000) eligibility?: string;

  @IsOptional() @IsArray() @ArrayMaxSize(40)
  @Matches(LANGUAGE_CODE_PATTERN, { each: true, message: 'languages must be ISO 639 codes like "de" or "uk"' })
  languages?: string[];

  @IsOptional()
  @IsIn(CAPACITY_STATES, { message: `capacity must be one of: ${CAPACITY_STATES.join(', ')}` })
  capacity?: Capacity;
}

export class UpdatePartnerServiceDto extends PartialType(CreatePartnerServiceDto) {}
