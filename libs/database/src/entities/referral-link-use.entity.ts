import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A referral mail link that has been used; a second use is refused. */
@Entity('referral_link_use')
export class ReferralLinkUse {
  @PrimaryColumn({ type: 'uuid' }) jti: string;
  @CreateDateColumn({ name: 'used_at', type: 'timestamptz' }) usedAt: Date;
}
