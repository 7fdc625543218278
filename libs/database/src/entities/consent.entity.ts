import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { BasisKind, DataCategory, EvidenceType, Purpose } from '@roundtable/contracts';
import { Client } from './client.entity';
import { ConsentEvidence } from './consent-evidence.entity';
import { Member } from './member.entity';

/**
 * A basis for sharing a client's data: the client's consent, or a statutory disclosure recorded by the
 * ABH (kind). Its status is derived from the dates and the withdrawal, so expiry needs nobody to act.
 */
@Entity('consent')
@Check('consent_kind_check', `kind IN ('consent','statutory')`)
@Check('consent_grantees_check', 'cardinality(grantee_organisation_ids) >= 1')
@Check(
  'consent_purposes_check',
  `cardinality(purposes) >= 1 AND purposes <@ ARRAY['case_conference','referral','counselling','information_exchange']::text[]`,
)
@Check(
  'consent_categories_check',
  `cardinality(categories) >= 1 AND categories <@ ARRAY['identity','residence','employment','family','health','education','contact']::text[]`,
)
@Check('consent_period_check', 'valid_until IS NULL OR valid_until > valid_from')
@Check(
  'consent_evidence_check',
  `(kind = 'consent' AND evidence_type IN ('signed_form','verbal_with_witness','digital')
     AND (evidence_type <> 'verbal_with_witness' OR witness_name IS NOT NULL)
     AND (evidence_type <> 'signed_form' OR evidence_id IS NOT NULL))
   OR (kind = 'statutory' AND legal_basis IS NOT NULL AND justification IS NOT NULL)`,
)
@Index('consent_client_idx', ['clientId'])
@Index('consent_grantees_idx', { synchronize: false }) // GIN
export class Consent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'client_id', type: 'uuid' }) clientId: string;
  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'consent_client_id_fkey' })
  client: Relation<Client>;
  @Column({ type: 'text' }) kind: BasisKind;
  @Column({ name: 'grantee_organisation_ids', type: 'uuid', array: true }) granteeOrganisationIds: string[];
  @Column({ type: 'text', array: true }) purposes: Purpose[];
  @Column({ type: 'text', array: true }) categories: DataCategory[];
  @Column({ name: 'valid_from', type: 'timestamptz' }) validFrom: Date;
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true }) validUntil: Date | null;
  @Column({ name: 'evidence_type', type: 'text', nullable: true }) evidenceType: EvidenceType | null;
  @Column({ name: 'witness_name', type: 'text', nullable: true }) witnessName: string | null;
  @Column({ name: 'evidence_id', type: 'uuid', nullable: true }) evidenceId: string | null;
  @ManyToOne(() => ConsentEvidence, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'evidence_id', foreignKeyConstraintName: 'consent_evidence_id_fkey' })
  evidence: Relation<ConsentEvidence> | null;
  /** Statutory disclosures: the provision, e.g. "§ 87 Abs. 2 AufenthG", and why it applies. */
  @Column({ name: 'legal_basis', type: 'text', nullable: true }) legalBasis: string | null;
  @Column({ type: 'text', nullable: true }) justification: string | null;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy: string;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'consent_recorded_by_fkey' })
  recorder: Relation<Member>;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy: string | null;
  @ManyToOne(() => Member, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'withdrawn_by', foreignKeyConstraintName: 'consent_withdrawn_by_fkey' })
  withdrawer: Relation<Member> | null;
}
