import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed consent form (PDF or image) with its SHA-256, kept with the consent it proves. */
@Entity('consent_evidence')
@Check('consent_evidence_media_type_check', `media_type IN ('application/pdf','image/png','image/jpeg')`)
@Check('consent_evidence_size_check', 'size_bytes BETWEEN 1 AND 10485760')
export class ConsentEvidence {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes: number;
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'bytea', select: false }) content: Buffer;
  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt: Date;
}
