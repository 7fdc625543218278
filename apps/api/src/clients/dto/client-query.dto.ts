import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PURPOSES, type Purpose } from '@roundtable/contracts';
import { PageQueryDto } from '../../directory/dto/directory-query.dto';

export class OwnClientsQueryDto extends PageQueryDto {
  /** Part of a name or the pseudonym. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class PurposeQueryDto {
  /** Why the data is read; a basis must cover this purpose. Not needed for one's own clients. */
  @IsOptional() @IsIn(PURPOSES, { message: `purpose must be one of: ${PURPOSES.join(', ')}` }) purpose?: Purpose;
}

export class SharedClientsQueryDto extends PageQueryDto {
  @IsIn(PURPOSES, { message: `purpose must be one of: ${PURPOSES.join(', ')}` }) purpose: Purpose;
}
