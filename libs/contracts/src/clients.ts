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
