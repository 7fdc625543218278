import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import { DATA_CATEGORIES, EVIDENCE_TYPES, PURPOSES, type DataCategory, type EvidenceType, type Purpose } from '@roundtable/contracts';

const dateTime = () =>
  IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date or time like 2026-11-21 or 2026-11-21T09:00:00Z` });

class SharingBasisDto {
  /** Organisations that may receive the data; never the owning organisation itself. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique()
  @IsUUID('4', { each: true, message: 'granteeOrganisationIds must be organisation ids' })
  granteeOrganisationIds: string[];

  @IsArray() @ArrayMinSize(1) @ArrayUnique()
  @IsIn(PURPOSES, { each: true, message: `purposes must be some of: ${PURPOSES.join(', ')}` })
  purposes: Purpose[];

  @IsArray() @ArrayMinSize(1) @ArrayUnique()
  @IsIn(DATA_CATEGORIES, { each: true, message: `categories must be some of: ${DATA_CATEGORIES.join(', ')}` })
  categories: DataCategory[];

  /** Start; a bare date means the start of that day (UTC). Defaults to now. */
  @IsOptional() @dateTime() validFrom?: string;
  /** End (exclusive); a bare date means the start of that day (UTC). Open-ended when left out. */
  @IsOptional() @dateTime() validUntil?: string;
}

export class CreateConsentDto extends SharingBasisDto {
  @IsIn(EVIDENCE_TYPES, { message: `evidenceType must be one of: ${EVIDENCE_TYPES.join(', ')}` })
  evidenceType: EvidenceType;

  /** Who witnessed a verbal consent. */
  @ValidateIf((o: CreateConsentDto) => o.evidenceType === 'verbal_with_witness' || o.witnessName !== undefined)
  @IsString() @Length(2, 200, { message: 'witnessName must name the witness (2 to 200 characters)' })
  witnessName?: string;
}

export class CreateStatutoryDisclosureDto extends SharingBasisDto {
  /** The provision, e.g. "§ 87 Abs. 1 AufenthG". */
  @IsString() @Length(3, 200) legalBasis: string;
  /** Why the provision applies to this client and these recipients. */
  @IsString() @Length(10, 4000) justification: string;
}
