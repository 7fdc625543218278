import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DisclosureLedger, type Disclosure } from '@roundtable/consent';
import { dataSourceOptions } from '@roundtable/database';
import { createTestDatabase } from '../support/test-app';

describe('disclosure ledger (PostgreSQL)', () => {
  let db: DataSource;
  let ledger: DisclosureLedger;
  const disclosure = (): Disclosure => ({
    actorMemberId: randomUUID(),
    actorOrganisationId: randomUUID(),
    clientId: randomUUID(),
    ownerOrganisationId: randomUUID(),
    action: 'read',
    purpose: 'referral',
    categories: ['residence', 'identity'],
    basisKind: 'consent',
    basisId: randomUUID(),
  });

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(await createTestDatabase(), 8)).initialize();
    ledger = new DisclosureLedger(db);
  });
  afterAll(() => db.destroy());

  it('chains rows, also when appended concurrently', async () => {
    await Promise.all(Array.from({ length: 20 }, () => ledger.append([disclosure(), disclosure()])));
    const result = await ledger.verify(7);
    expect(result).toEqual({ valid: true, rows: 40 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(db.query(`UPDATE disclosure_event SET purpose = 'counselling' WHERE seq = 3`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.query(`DELETE FROM disclosure_event WHERE seq = 3`)).rejects.toThrow(/append-only: DELETE/);
    await expect(db.query(`TRUNCATE disclosure_event`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await ledger.verify()).toEqual({ valid: true, rows: 40 });
  });

  it('names the first row changed behind the trigger\'s back', async () => {
    // Only a superuser can do this; the verification still notices.
    await db.query('ALTER TABLE disclosure_event DISABLE TRIGGER disclosure_event_no_update_or_delete');
    await db.query(`UPDATE disclosure_event SET categories = ARRAY['health','identity','residence'] WHERE seq = 17`);
    await db.query(`UPDATE disclosure_event SET purpose = 'counselling' WHERE seq = 30`);
    expect(await ledger.verify(5)).toEqual({ valid: false, rows: 16, firstBadSeq: 17, problem: 'its content does not match its hash' });

    await db.query(`DELETE FROM disclosure_event WHERE seq >= 17`);
    await db.query(`DELETE FROM disclosure_event WHERE seq = 5`);
    expect(await ledger.verify()).toEqual({ valid: false, rows: 4, firstBadSeq: 5, problem: 'row 5 is missing' });
    await db.query('ALTER TABLE disclosure_event ENABLE TRIGGER disclosure_event_no_update_or_delete');
  });
});
