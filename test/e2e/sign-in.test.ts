/** Signing in and out of the console in a real browser. */
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole();

describeInBrowser('sign in', () => {
  test('a valid token signs in, is remembered across a reload, and signing out forgets it', async () => {
    const page = await ui().open('/jobs', null);
    await ui().shot(page, 'sign-in');
    await page.getByLabel('Token').fill(ui().api.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByText('admin').waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/jobs');

    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByText('admin').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('jobcenter.token'))).toBeNull();
    expect(pageErrors(page)).toEqual([]);
  });

  test('an invalid token is refused with the server\'s message and nothing is remembered', async () => {
    const page = await ui().open('/', null);
    await page.getByLabel('Token').fill('jc_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/token/i);
    expect(await page.evaluate(() => localStorage.getItem('jobcenter.token'))).toBeNull();
    await ui().shot(page, 'sign-in-invalid');
  });

  test('a remembered token that was revoked sends the user back to sign in with a message', async () => {
    const { secret, token } = await ui().api.app.tokens.create({ orgId: 'default', userId: 'temp', permissions: ['jobs:read'] });
    const page = await ui().open('/jobs', secret);
    await page.getByRole('navigation', { name: 'Main' }).getByText('temp').waitFor();
    await ui().api.app.tokens.revoke(token.id);
    await page.reload();
    await page.getByLabel('Token').waitFor();
    expect(await page.getByRole('alert').first().textContent()).toMatch(/token/i);
  });
});
