import { Client } from 'pg';

const MARK = `UPDATE bulletin_delivery SET handed_over_at = now() WHERE id = $1 AND attempts = $2 AND state = 'sending' AND handed_over_at IS NULL`;

/**
 * Marks bulletin deliveries as handed over, just before the line that ends their message goes to the SMTP
 * server (see HandOverGate).
 *
 * Fast path: on an idle connection of its own, the mark's bytes reach the kernel before `mark` returns.
 * PostgreSQL executes and commits what reached it even if the worker is killed the next instant (the kernel
 * still delivers a dead process's sent bytes), so the mark is in place before the message's last line leaves -
 * without waiting a database round trip per message, which would cost a quarter of the sending rate.
 * Slow path - no idle connection, bytes left in the process's buffers, or a claim old enough that another worker
 * might have taken the row over - waits for PostgreSQL's answer, and reports a lost claim (fencing) so that the
 * message is abandoned before its end.
 *
 * The connections commit without waiting for the WAL flush (synchronous_commit off): a kill of the worker is
 * what the marks are for, and a crash of PostgreSQL itself could at worst lose a mark, so that a message is sent
 * again rather than lost.
 */
export class HandOverMarks {
  private readonly idle: Client[] = [];
  private readonly all: Client[] = [];
  private readonly waiting: Array<(client: Client) => void> = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly size: number,
    private readonly onError: (err: Error) => void,
  ) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'roundtable-dispatch', options: '-c synchronous_commit=off' });
      client.on('error', this.onError);
      await client.connect();
      this.all.push(client);
      this.idle.push(client);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((c) => c.end().catch(() => undefined)));
  }

  /**
   * Marks the row; resolves once the mark can be relied on. False if the row is no longer this worker's claim
   * (then the message must not be completed).
   */
  async mark(id: string, attempts: number, claimIsFresh: boolean): Promise<boolean> {
    const client = this.idle.pop() ?? (await new Promise<Client>((resolve) => this.waiting.push(resolve)));
    const done = client.query({ name: 'bulletin-delivery-hand-over', text: MARK, values: [id, attempts] });
    const release = () => {
      const next = this.waiting.shift();
      if (next) next(client);
      else this.idle.push(client);
    };
    const stream = (client as unknown as { connection: { stream: { writableLength: number } } }).connection.stream;
    if (claimIsFresh && stream.writableLength === 0) {
      done.then(
        (r) => r.rowCount || this.onError(new Error(`hand-over of ${id} matched no row`)),
        (err: Error) => this.onError(err),
      ).finally(release);
      return true;
    }
    try {
      return (await done).rowCount === 1;
    } finally {
      release();
    }
  }
}
