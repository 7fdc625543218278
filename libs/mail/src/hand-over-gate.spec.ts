import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailTransport } from './mail-transport';

/** The gate against a real SMTP server: the end of DATA waits for the hand-over, and a failed one sends nothing. */
describe('HandOverGate', () => {
  let server: SMTPServer;
  let transport: MailTransport;
  const events: string[] = [];
  let bytesAtServer = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        bytesAtServer = 0;
        stream.on('data', (chunk: Buffer) => (bytesAtServer += chunk.length));
        stream.on('end', () => {
          events.push(`server: complete message for ${session.envelope.rcptTo[0].address}`);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    transport = new MailTransport(`smtp://127.0.0.1:${port}`, 'Roundtable <roundtable@localhost>');
  });
  afterAll(async () => {
    transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => (events.length = 0));

  it('holds back the end of the message until the hand-over is recorded', async () => {
    const sent = await transport.send({
      to: 'a@example.org',
      subject: 'Hand-over',
      text: 'x'.repeat(100_000),
      onHandOver: async () => {
        await new Promise((r) => setTimeout(r, 200));
        events.push(`hand-over recorded; the server has ${bytesAtServer >= 100_000 ? 'the whole text' : 'part of the text'}`);
      },
    });
    expect(sent.response).toMatch(/^250/);
    // Everything but the end of DATA was with the server while the hand-over was being recorded.
    expect(events).toEqual(['hand-over recorded; the server has the whole text', 'server: complete message for a@example.org']);
  });

  it('sends nothing when the hand-over fails: the server never gets the end of the message', async () => {
    await expect(
      transport.send({ to: 'b@example.org', subject: 'No', text: 'never complete', onHandOver: () => Promise.reject(new Error('database gone')) }),
    ).rejects.toThrow('database gone');
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.startsWith('server: complete'))).toEqual([]);
    // the transport is still usable afterwards
    expect((await transport.send({ to: 'c@example.org', subject: 'Next', text: 'fine' })).response).toMatch(/^250/);
  });
});
