import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DataCategory, Purpose } from '@roundtable/contracts';

export interface Disclosure {
  actorMemberId: string;
  actorOrganisationId: string | null;
  clientId: string;
  ownerOrganisationId: string;
  action: 'read' | 'transmit' | 'export';
  purpose: Purpose;
  categories: DataCategory[];
  basisKind: 'ownership' | 'consent' | 'statutory';
  basisId: string | null;
}

export interface LedgerRow extends Disclosure {
  seq: number;
  occurredAt: Date;
  prevHash: string;
  hash: string;
}

export type Verification =
  | { valid: true; rows: number }
  | { valid: false; rows: number; firstBadSeq: number; problem: string };

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends, so the chain has one head. */
const LEDGER_LOCK = 4_741_002;

/** The text a row's hash covers: every field, in a fixed order, and the previous row's hash. */
export function rowHash(row: Omit<LedgerRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq,
    row.occurredAt.toISOString(),
    row.actorMemberId,
    row.actorOrganisationId,
    row.clientId,
    row.ownerOrganisationId,
    row.action,
    row.purpose,
    [...row.categories].sort(),
    row.basisKind,
    row.basisId,
    row.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const COLUMNS = `seq, occurred_at, actor_member_id, actor_organisation_id, client_id, owner_organisation_id, action, purpose,
  categories, basis_kind, basis_id, prev_hash, hash`;

function fromRow(r: Record<string, unknown>): LedgerRow {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at as Date,
    actorMemberId: r.actor_member_id as string,
    actorOrganisationId: r.actor_organisation_id as string | null,
    clientId: r.client_id as string,
    ownerOrganisationId: r.owner_organisation_id as string,
    action: r.action as LedgerRow['action'],
    purpose: r.purpose as Purpose,
    categories: r.categories as DataCategory[],
    basisKind: r.basis_kind as LedgerRow['basisKind'],
    basisId: r.basis_id as string | null,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

/**
 * The disclosure ledger: every read of another organisation's client data and every transmission,
 * appended in a hash chain to a table the database keeps append-only.
 */
export class DisclosureLedger {
  constructor(private readonly db: DataSource) {}

  /** Appends the disclosures in one transaction (or the caller's), in order. */
  async append(disclosures: Disclosure[], manager?: EntityManager): Promise<LedgerRow[]> {
    if (disclosures.length === 0) return [];
    const run = async (tx: EntityManager) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
      const [head] = await tx.query('SELECT seq, hash FROM disclosure_event ORDER BY seq DESC LIMIT 1');
      let seq = head ? Number(head.seq) : 0;
      let prevHash: string = head ? head.hash : GENESIS_HASH;
      const occurredAt = new Date();
      const rows = disclosures.map((d) => {
        const row = { ...d, categories: [...d.categories].sort(), seq: ++seq, occurredAt, prevHash };
        const hash = rowHash(row);
        prevHash = hash;
        return { ...row, hash };
      });
      const values: unknown[] = [];
      const tuples = rows.map((r, i) => {
        values.push(r.seq, r.occurredAt, r.actorMemberId, r.actorOrganisationId, r.clientId, r.ownerOrganisationId, r.action,
          r.purpose, r.categories, r.basisKind, r.basisId, r.prevHash, r.hash);
        const o = i * 13;
        return `(${Array.from({ length: 13 }, (_, k) => `$${o + k + 1}`).join(', ')})`;
      });
      await tx.query(`INSERT INTO disclosure_event (${COLUMNS}) VALUES ${tuples.join(', ')}`, values);
      return rows;
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  /** Walks the whole chain and names the first row whose hash, link or sequence does not fit. */
  async verify(batchSize = 5000): Promise<Verification> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let rows = 0;
    for (;;) {
      const batch: Record<string, unknown>[] = await this.db.query(
        `SELECT ${COLUMNS} FROM disclosure_event WHERE seq >= $1 ORDER BY seq LIMIT $2`,
        [expectedSeq, batchSize],
      );
      for (const raw of batch) {
        const row = fromRow(raw);
        const bad = (problem: string): Verification => ({ valid: false, rows, firstBadSeq: row.seq, problem });
        if (row.seq !== expectedSeq) return { valid: false, rows, firstBadSeq: expectedSeq, problem: `row ${expectedSeq} is missing` };
        if (row.prevHash !== prevHash) return bad('its link to the previous row is broken');
        if (rowHash(row) !== row.hash) return bad('its content does not match its hash');
        prevHash = row.hash;
        expectedSeq++;
        rows++;
      }
      if (batch.length < batchSize) return { valid: true, rows };
    }
  }

  async forClient(clientId: string): Promise<LedgerRow[]> {
    const raw: Record<string, unknown>[] = await this.db.query(
      `SELECT ${COLUMNS} FROM disclosure_event WHERE client_id = $1 ORDER BY seq`,
      [clientId],
    );
    return raw.map(fromRow);
  }
}
