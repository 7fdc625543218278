import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulletin mail beyond the bulletin itself: "in force today" reminders and clarifications go through the same
 * deliveries (one row per mail, unique per bulletin, kind, ref and address), and each row records when the
 * message was handed over to the SMTP server and what the server answered, so that a worker killed mid-send
 * is resumed without sending twice. Subscribers choose whether they want the reminders.
 */
export class DeliveryKinds1764000000000 implements MigrationInterface {
  name = 'DeliveryKinds1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bulletin_delivery
        ADD COLUMN kind text NOT NULL DEFAULT 'bulletin',
        ADD COLUMN ref text,
        ADD COLUMN handed_over_at timestamptz,
        ADD COLUMN smtp_reply text,
        ADD CONSTRAINT bulletin_delivery_kind_check CHECK (kind IN ('bulletin','reminder','clarification'))`);
    await q.query(`UPDATE bulletin_delivery SET ref = version::text`);
    await q.query(`UPDATE bulletin_delivery SET smtp_reply = '250 (not recorded)' WHERE state = 'sent'`);
    await q.query(`ALTER TABLE bulletin_delivery ALTER COLUMN ref SET NOT NULL`);
    await q.query(`ALTER TABLE bulletin_delivery DROP CONSTRAINT bulletin_delivery_once`);
    await q.query(`ALTER TABLE bulletin_delivery ADD CONSTRAINT bulletin_delivery_once UNIQUE (bulletin_id, kind, ref, email)`);
    await q.query(`ALTER TABLE subscriber ADD COLUMN reminders boolean NOT NULL DEFAULT false`);
    // Every delivery is updated three times while it is sent (claim, hand-over, confirmation): room on each page
    // lets the last two stay on the page without touching the indexes (HOT updates).
    await q.query(`ALTER TABLE bulletin_delivery SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bulletin_delivery RESET (fillfactor)`);
    await q.query(`ALTER TABLE subscriber DROP COLUMN reminders`);
    await q.query(`DELETE FROM bulletin_delivery WHERE kind <> 'bulletin'`);
    await q.query(`ALTER TABLE bulletin_delivery DROP CONSTRAINT bulletin_delivery_once`);
    await q.query(`ALTER TABLE bulletin_delivery ADD CONSTRAINT bulletin_delivery_once UNIQUE (bulletin_id, version, email)`);
    await q.query(`ALTER TABLE bulletin_delivery DROP CONSTRAINT bulletin_delivery_kind_check, DROP COLUMN kind, DROP COLUMN ref, DROP COLUMN handed_over_at, DROP COLUMN smtp_reply`);
  }
}
