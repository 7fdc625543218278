import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DataCategory, Purpose } from '@roundtable/contracts';

/**
 * One disclosure of client data, appended to the ledger and chained to the previous row by its hash.
 * A database trigger rejects UPDATE, DELETE and TRUNCATE. No foreign keys: the record outlives what it names.
 */
@Entity('disclosure_event')
@Check('disclosure_event_action_check', `action IN ('read','transmit','export')`)
@Check('disclosure_event_basis_check', `basis_kind IN ('ownership','consent','statutory')`)
@Index('disclosure_event_client_idx', ['clientId', 'seq'])
export class DisclosureEvent {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'actor_member_id', type: 'uuid' }) actorMemberId: string;
  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true }) actorOrganisationId: string | null;
  @Column({ name: 'client_id', type: 'uuid' }) clientId: string;
  @Column({ name: 'owner_organisation_id', type: 'uuid' }) ownerOrganisationId: string;
  @Column({ type: 'text' }) action: 'read' | 'transmit' | 'export';
  @Column({ type: 'text' }) purpose: Purpose;
  @Column({ type: 'text', array: true }) categories: DataCategory[];
  @Column({ name: 'basis_kind', type: 'text' }) basisKind: 'ownership' | 'consent' | 'statutory';
  @Column({ name: 'basis_id', type: 'uuid', nullable: true }) basisId: string | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash: string;
  @Column({ type: 'text' }) hash: string;
}
