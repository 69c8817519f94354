import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Locator } from 'playwright-core';
import { QueueName } from '@escale/platform';
import { addFailedJob } from '../support/failed-job.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, isFocused, logIn, msg, startBrowserHarness, tabTo, waitForPath, type BrowserHarness } from './browser-support.js';

describe('Admin UI: the background jobs pages (browser)', () => {
  let h: BrowserHarness;
  let queue: Queue;
  beforeAll(async () => {
    h = await startBrowserHarness();
    queue = new Queue(QueueName.Maintenance, { connection: { url: h.t.config.redisUrl }, prefix: h.t.config.queuePrefix });
  }, 60_000);
  afterEach(() => h.closeContexts());
  afterAll(async () => {
    await queue?.close();
    await h?.close();
  });

  it('retries a failed job from the keyboard: refused until its confirmation is ticked, then back to waiting and audited', async () => {
    const jobId = await addFailedJob(h.t.config, QueueName.Maintenance, randomUUID());
    const { page } = await h.newPage();
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    // From the navigation to the queue, by keyboard.
    const navLink = page.locator('nav a[href="/admin/queues"]');
    await tabTo(page, navLink, 40);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/admin/queues');
    await tabTo(page, page.locator('a[href="/admin/queues/maintenance"]').last(), 60);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/admin/queues/maintenance');

    const form = page.locator(`form[data-retry="${jobId}"]`);
    await expectText(form.locator('.consequence'), msg('en', 'jobs.retry.consequence', { name: 'test-failing-job', id: jobId }));
    // Enter on "Retry" without the box: the same page, the error summary in focus, nothing moved.
    await tabTo(page, form.locator('button[type="submit"]'), 80);
    await page.keyboard.press('Enter');
    await page.locator('[data-error-summary]').waitFor();
    expect(await isFocused(page.locator('[data-error-summary]'))).toBe(true);
    expect(await queue.getJobState(jobId)).toBe('failed');
    const box = page.locator(`#retry-${jobId}-confirm`);
    expect(await box.getAttribute('aria-invalid')).toBe('true');

    // The summary's link leads to the box; Space ticks it, Tab reaches the button, Enter retries.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await isFocused(box)).toBe(true);
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await isFocused(page.locator(`form[data-retry="${jobId}"] button[type="submit"]`))).toBe(true);
    await page.keyboard.press('Enter');
    await waitForPath(page, '/admin/queues/maintenance?done=retried');
    await expectText(page.locator('[role="status"]'), msg('en', 'jobs.done.retried'));
    expect(await queue.getJobState(jobId)).toBe('waiting');
    const events = await h.t.dataSource.query(`SELECT entity_id AS "entityId" FROM audit_events WHERE action = 'job.retry'`);
    expect(events).toEqual([{ entityId: jobId }]);
  }, 60_000);
});

/** The element's visible text, spaces collapsed, is `text`. */
async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.first().waitFor();
  expect((await locator.first().innerText()).replace(/\s+/g, ' ').trim()).toBe(text);
}
