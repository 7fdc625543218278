import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReferralIndicator } from '@roundtable/contracts';

/** How referrals fare across the network: counts by state and outcome, median times, per pair and service. */
@Injectable()
export class ReferralIndicators {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async all(): Promise<ReferralIndicator[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `WITH pairs AS (
         SELECT r.from_organisation_id, r.to_organisation_id, r.to_service_id,
                count(*)::int AS total,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.accepted_at - r.sent_at) / 3600)
                  FILTER (WHERE r.accepted_at IS NOT NULL AND r.sent_at IS NOT NULL) AS to_accept,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.sent_at) / 3600)
                  FILTER (WHERE r.state = 'completed' AND r.sent_at IS NOT NULL) AS to_complete
           FROM referral r WHERE r.state <> 'draft'
          GROUP BY 1, 2, 3
       )
       SELECT p.*, f.name AS from_name, t.name AS to_name, s.name AS service_name,
              (SELECT jsonb_object_agg(state, n) FROM (
                 SELECT state, count(*)::int AS n FROM referral x
                  WHERE x.from_organisation_id = p.from_organisation_id AND x.to_organisation_id = p.to_organisation_id
                    AND x.to_service_id IS NOT DISTINCT FROM p.to_service_id AND x.state <> 'draft' GROUP BY state) q) AS by_state,
              (SELECT jsonb_object_agg(outcome, n) FROM (
                 SELECT outcome, count(*)::int AS n FROM referral x
                  WHERE x.from_organisation_id = p.from_organisation_id AND x.to_organisation_id = p.to_organisation_id
                    AND x.to_service_id IS NOT DISTINCT FROM p.to_service_id AND x.outcome IS NOT NULL GROUP BY outcome) q) AS by_outcome
         FROM pairs p
         JOIN organisation f ON f.id = p.from_organisation_id
         JOIN organisation t ON t.id = p.to_organisation_id
         LEFT JOIN partner_service s ON s.id = p.to_service_id
        ORDER BY p.total DESC, f.name, t.name`,
    );
    const hours = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    return rows.map((r) => ({
      from: { id: r.from_organisation_id as string, name: r.from_name as string },
      to: { id: r.to_organisation_id as string, name: r.to_name as string },
      service: r.to_service_id ? { id: r.to_service_id as string, name: r.service_name as string } : null,
      total: r.total as number,
      byState: (r.by_state as ReferralIndicator['byState']) ?? {},
      byOutcome: (r.by_outcome as ReferralIndicator['byOutcome']) ?? {},
      medianHoursToAccept: hours(r.to_accept),
      medianHoursToComplete: hours(r.to_complete),
    }));
  }
}
