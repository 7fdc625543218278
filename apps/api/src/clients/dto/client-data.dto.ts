import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

const date = () => IsISO8601({ strict: true, strictSeparator: true }, { message: ({ property }) => `${property} must be a date like 2024-03-01` });
const text = (max = 200) => [IsOptional(), IsString(), MaxLength(max)];
function Text(max = 200): PropertyDecorator {
  return (target, key) => text(max).forEach((d) => d(target, key));
}

export class IdentityDto {
  @IsString() @IsNotEmpty() @MaxLength(200) givenNames: string;
  @IsString() @IsNotEmpty() @MaxLength(200) familyName: string;
  @IsOptional() @date() dateOfBirth?: string;
  @Text() placeOfBirth?: string;
  @Text(100) nationality?: string;
}

export class ResidenceDto {
  /** e.g. "Duldung (§ 60a AufenthG)" or "Aufenthaltserlaubnis § 16g AufenthG". */
  @Text() status?: string;
  @IsOptional() @date() permitValidUntil?: string;
  @Text(50) fileNumber?: string;
}

export class EmploymentDto {
  @Text() employer?: string;
  @Text() occupation?: string;
  @IsOptional() @date() since?: string;
  @Text(2000) notes?: string;
}

export class FamilyDto {
  @Text(100) maritalStatus?: string;
  @IsOptional() @Matches(/^\d{1,2}$/, { message: 'children must be a number of children, like 2' }) children?: string;
  @Text(2000) notes?: string;
}

/** Special category data (GDPR Art. 9): keep to what the support needs. */
export class HealthDto {
  @Text(2000) notes?: string;
}

export class EducationDto {
  @Text() highestQualification?: string;
  @IsOptional() @IsIn(['A1', 'A2', 'B1', 'B2', 'C1', 'C2'], { message: 'germanLevel must be a CEFR level: A1, A2, B1, B2, C1 or C2' })
  germanLevel?: string;
  @Text(2000) notes?: string;
}

export class ContactDto {
  @IsOptional() @Matches(/^\+?[0-9 ()/-]{3,40}$/, { message: 'phone must be a phone number like +49 391 540-0' }) phone?: string;
  @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email?: string;
  @Text() street?: string;
  @Text(12) postalCode?: string;
  @Text(100) city?: string;
  @Text(50) preferredLanguage?: string;
}

/** A client's data by category; a category left out is not stored. */
export class ClientDataDto {
  @IsOptional() @ValidateNested() @Type(() => ResidenceDto) residence?: ResidenceDto;
  @IsOptional() @ValidateNested() @Type(() => EmploymentDto) employment?: EmploymentDto;
  @IsOptional() @ValidateNested() @Type(() => FamilyDto) family?: FamilyDto;
  @IsOptional() @ValidateNested() @Type(() => HealthDto) health?: HealthDto;
  @IsOptional() @ValidateNested() @Type(() => EducationDto) education?: EducationDto;
  @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
}

export class CreateClientDto extends ClientDataDto {
  @ValidateNested() @Type(() => IdentityDto) identity: IdentityDto;
}

export class UpdateClientDto extends ClientDataDto {
  @IsOptional() @ValidateNested() @Type(() => IdentityDto) identity?: IdentityDto;
}
