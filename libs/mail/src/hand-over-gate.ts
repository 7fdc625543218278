import { Readable } from 'node:stream';

/**
 * Holds back the end of a message until `handOver` has resolved.
 *
 * An SMTP server takes responsibility for a message when it reads the line with the single dot that ends DATA
 * (RFC 5321 4.1.1.4); a client that dies before that point leaves nothing behind, one that dies after it has
 * sent the message whether or not it lived to read the "250". This stream sits directly before nodemailer's
 * DATA encoder, which writes that dot when its input ends. It passes the message through and ends only when it
 * is read past the last byte - which happens during DATA, since nobody reads it before (highWaterMark 0: no
 * read-ahead) - and after `handOver` (e.g. a durable "handed over" mark) has succeeded. If `handOver` fails,
 * the stream fails, nodemailer drops the connection and the server discards the unfinished message.
 */
export class HandOverGate extends Readable {
  private wanted = false;
  private ended = false;
  private handing = false;

  constructor(
    private readonly input: Readable,
    private readonly handOver: () => Promise<void>,
  ) {
    super({ highWaterMark: 0 });
    input.on('readable', () => this.pump());
    input.on('end', () => {
      this.ended = true;
      this.pump();
    });
    input.on('error', (err) => this.destroy(err));
  }

  override _read(): void {
    this.wanted = true;
    this.pump();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.ended) this.input.destroy(); // stop composing a message that will not be sent
    callback(err);
  }

  private pump(): void {
    if (!this.wanted || this.handing) return;
    let chunk: Buffer | null;
    while ((chunk = this.input.read() as Buffer | null) !== null) {
      this.wanted = this.push(chunk);
      if (!this.wanted) return;
    }
    if (!this.ended) return;
    this.handing = true;
    this.handOver().then(
      () => this.push(null),
      (err: Error) => this.destroy(err),
    );
  }
}
