/**
 * A local SMTP sink in its own process (as a real mail server would be), for the dispatch benchmark: accepts
 * everything, counts messages, and answers the parent's "count" with the number received.
 */
import { SMTPServer } from 'smtp-server';

let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
sink.listen(Number(process.env.SINK_PORT), '127.0.0.1', () => process.send!({ listening: true }));
process.on('message', (m: string) => {
  if (m === 'count') process.send!({ received });
  if (m === 'close') sink.close(() => process.exit(0));
});
