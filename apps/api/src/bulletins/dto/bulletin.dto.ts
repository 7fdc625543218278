import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { AUDIENCES, type Audience } from '@roundtable/contracts';

export class VariantDto {
  @IsString() @Length(3, 200) title: string;
  /** The plain-language summary shown in feeds and mail. */
  @IsString() @Length(10, 1000) summary: string;
  /** Markdown; rendered and sanitised. At most 50,000 characters. */
  @IsString() @MaxLength(50_000, { message: 'bodyMarkdown must be at most 50,000 characters' }) bodyMarkdown: string;
}

export class VariantsDto {
  @IsDefined({ message: 'variants.de is required: every bulletin has a German version' })
  @ValidateNested() @Type(() => VariantDto) de: VariantDto;
  @IsOptional() @ValidateNested() @Type(() => VariantDto) en?: VariantDto;
  /** German in Einfache Sprache. */
  @IsOptional() @ValidateNested() @Type(() => VariantDto) 'de-simple'?: VariantDto;
}

export class ProvisionTextDto {
  @IsOptional() @IsString() @MaxLength(2000) de?: string;
  @IsOptional() @IsString() @MaxLength(2000) en?: string;
  @IsOptional() @IsString() @MaxLength(2000) 'de-simple'?: string;
}

export class ProvisionDto {
  /** The date this provision comes into force, e.g. 2024-03-01. */
  @IsISO8601({ strict: true }, { message: 'effective must be a date like 2024-03-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effective must be a date like 2024-03-01' })
  effective: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true }) refs?: string[];
  @ValidateNested() @Type(() => ProvisionTextDto) text: ProvisionTextDto;
}

export class BulletinDto {
  @IsArray() @ArrayMinSize(1) @ArrayUnique()
  @IsIn(AUDIENCES, { each: true, message: `audiences must be some of: ${AUDIENCES.join(', ')}` })
  audiences: Audience[];
  /** e.g. "§ 16g AufenthG". */
  @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(100, { each: true }) legalRefs?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ProvisionDto) provisions?: ProvisionDto[];
  @ValidateNested() @Type(() => VariantsDto) variants: VariantsDto;
}

export class ReviewNoteDto {
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class FeedQueryDto {
  @IsOptional() @IsIn(['de', 'en', 'de-simple'], { message: 'language must be de, en or de-simple' }) language?: 'de' | 'en' | 'de-simple';
}

export class TimelineQueryDto extends FeedQueryDto {
  /** The day to look at; today (Europe/Berlin) when left out. */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'date must be a date like 2024-03-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date like 2024-03-01' })
  date?: string;
}

export class QuestionDto {
  @IsString() @Length(3, 4000) body: string;
}

export class AnswerDto {
  @IsString() @Length(3, 4000) answer: string;
  /** A clarification is meant for everyone who received the bulletin. */
  @IsOptional() @IsBoolean() clarification?: boolean;
}

export class CorrectionDto {
  /** What changed and why; shown with the corrected version and in its mail. */
  @IsString() @Length(5, 2000) changeNote: string;
}
