import type { INestApplicationContext } from '@nestjs/common';
import { apiClient } from '../support/http';
import { mailsTo } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

describe('mail through the queue, the worker and SMTP', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker(t.databaseUrl);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('delivers a test message queued by the network admin, exactly once', async () => {
    const address = `ops-${Date.now()}@roundtable.example`;
    const res = await apiClient(t.url, await accessToken(DEMO_USERS.felix)).post('/api/admin/test-mail', { to: address });
    expect(res.status).toBe(202);
    expect(res.body.jobId).toEqual(expect.any(String));

    const mails = await mailsTo(address);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Roundtable: Testnachricht / test message');
    expect(mails[0].text).toContain('Felix Adam');
    expect(mails[0].headers['x-roundtable-job']).toBe(res.body.jobId);
    await new Promise((r) => setTimeout(r, 1500)); // a second poll must not send it again
    expect(await mailsTo(address, undefined, 1, 0)).toHaveLength(1);
  });

  it('lets only the network admin send, and checks the address', async () => {
    expect((await apiClient(t.url, await accessToken(DEMO_USERS.ben)).post('/api/admin/test-mail', { to: 'x@roundtable.example' })).status).toBe(403);
    const bad = await apiClient(t.url, await accessToken(DEMO_USERS.felix)).post('/api/admin/test-mail', { to: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['to must be an e-mail address']);
  });
});
