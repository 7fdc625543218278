import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Member } from './member.entity';
import { Organisation } from './organisation.entity';

/** A person the network supports, owned by the organisation that registered them. Personal data lives in ClientData. */
@Entity('client')
@Check('client_pseudonym_check', `pseudonym ~ '^K-[0-9A-Z]{4,8}$'`)
@Index('client_owner_idx', ['ownerOrganisationId', 'createdAt'])
export class Client {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'owner_organisation_id', type: 'uuid' }) ownerOrganisationId: string;
  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id', foreignKeyConstraintName: 'client_owner_organisation_id_fkey' })
  ownerOrganisation: Relation<Organisation>;
  /** Shown wherever consent does not cover a viewer, e.g. K-7F3Q. */
  @Column({ type: 'text', unique: true }) pseudonym: string;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @ManyToOne(() => Member, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'client_created_by_fkey' })
  creator: Relation<Member> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
