/** Client data and the bases on which it may be shared (shared/DESIGN.md, "Domain"). */

export const DATA_CATEGORIES = ['identity', 'residence', 'employment', 'family', 'health', 'education', 'contact'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const PURPOSES = ['case_conference', 'referral', 'counselling', 'information_exchange'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** consent: the client agreed (GDPR Art. 6(1)(a)); statutory: a legal duty or power, recorded by the ABH. */
export const BASIS_KINDS = ['consent', 'statutory'] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];

export const EVIDENCE_TYPES = ['signed_form', 'verbal_with_witness', 'digital'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export type BasisStatus = 'active' | 'not_yet_valid' | 'expired' | 'withdrawn';

/** Why a viewer may see a category: their organisation owns the record, or a consent / statutory basis covers it. */
export type AccessBasis = { kind: 'ownership' } | { kind: BasisKind; id: string };

/** The fields of each data category (all optional text unless the api says otherwise). */
export const CLIENT_FIELDS = {
  identity: ['givenNames', 'familyName', 'dateOfBirth', 'placeOfBirth', 'nationality'],
  residence: ['status', 'permitValidUntil', 'fileNumber'],
  employment: ['employer', 'occupation', 'since', 'notes'],
  family: ['maritalStatus', 'children', 'notes'],
  health: ['notes'],
  education: ['highestQualification', 'germanLevel', 'notes'],
  contact: ['phone', 'email', 'street', 'postalCode', 'city', 'preferredLanguage'],
} as const satisfies Record<DataCategory, readonly string[]>;

export type ClientDataView = { [C in DataCategory]?: Partial<Record<(typeof CLIENT_FIELDS)[C][number], string>> };

/** A client as one viewer may see it: denied categories are absent, not null. */
export interface ClientView {
  id: string;
  pseudonym: string;
  owner: { id: string; name: string };
  createdAt: string;
  /** How each category shown was allowed (ownership, or which consent / statutory disclosure). */
  access: Partial<Record<DataCategory, AccessBasis>>;
  data: ClientDataView;
}

export interface ConsentView {
  id: string;
  clientId: string;
  kind: BasisKind;
  status: BasisStatus;
  grantees: Array<{ id: string; name: string }>;
  purposes: Purpose[];
  categories: DataCategory[];
  validFrom: string;
  validUntil: string | null;
  evidence: { type: EvidenceType; witnessName: string | null; sha256: string | null; mediaType: string | null } | null;
  legalBasis: string | null;
  justification: string | null;
  recordedBy: string;
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  /** For the owner: organisations told of the withdrawal, and whether they acknowledged. */
  notices: Array<{ organisation: { id: string; name: string }; notifiedAt: string; acknowledgedAt: string | null }>;
}

/** What an organisation that received data is told when the consent is withdrawn. */
export interface WithdrawalNoticeView {
  consentId: string;
  clientPseudonym: string;
  owner: { id: string; name: string };
  withdrawnAt: string;
  notifiedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** GDPR Art. 15: who received which of the client's data, when, why and on what basis. */
export interface DisclosureReport {
  client: { id: string; pseudonym: string; owner: { id: string; name: string } };
  generatedAt: string;
  disclosures: Array<{
    at: string;
    recipient: { id: string | null; name: string };
    action: 'read' | 'transmit' | 'export';
    purpose: Purpose;
    categories: DataCategory[];
    basis: { kind: 'ownership' | BasisKind; id: string | null; legalBasis: string | null };
  }>;
  bases: ConsentView[];
}

/** GDPR Art. 30: the record of processing activities of the platform. */
export interface ProcessingRegister {
  controller: string;
  generatedAt: string;
  purposes: Array<{ purpose: Purpose; description: string; activeBases: number; recipients: Array<{ id: string; name: string }> }>;
  categories: Array<{ category: DataCategory; specialCategory: boolean; clients: number }>;
  retention: string[];
  safeguards: string[];
}
