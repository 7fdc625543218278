import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { DataCategory } from '@roundtable/contracts';
import { Client } from './client.entity';

/** One data category of one client: the unit the consent decision allows or denies. */
@Entity('client_data')
@Check('client_data_category_check', `category = ANY (ARRAY['identity','residence','employment','family','health','education','contact']::text[])`)
export class ClientData {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' }) clientId: string;
  @PrimaryColumn({ type: 'text' }) category: DataCategory;
  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'client_data_client_id_fkey' })
  client: Relation<Client>;
  @Column({ type: 'jsonb' }) data: Record<string, string>;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
