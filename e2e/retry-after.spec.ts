import { expect, type Route, test } from '@playwright/test';

/**
 * The API host (or a gateway in front of it) is busy or unavailable for a moment and says when
 * to come back with `Retry-After`: the page waits that long, asks again, and shows the data;
 * when the host stays busy the page says so in words.
 */

const SOLVER_LIST = '**/v0/solvers/page*';

test('the catalog waits out two 503 answers with Retry-After and then lists the solvers', async ({ page }) => {
  const arrivals: number[] = [];
  await page.route(SOLVER_LIST, async (route: Route) => {
    arrivals.push(Date.now());
    if (arrivals.length <= 2) {
      await route.fulfill({
        status: 503,
        headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
        body: JSON.stringify({ errors: ['The service is restarting'] }),
      });
    } else {
      await route.continue();
    }
  });

  await page.goto('/');
  await expect(page.getByRole('link', { name: /sleeper/i }).first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Asked three times, each retry at least the advertised second after the answer before it.
  expect(arrivals.length).toBeGreaterThanOrEqual(3);
  expect((arrivals[1] as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(990);
  expect((arrivals[2] as number) - (arrivals[1] as number)).toBeGreaterThanOrEqual(990);
});

test('a host that stays busy (429) is left alone after a few tries, and the page says it is busy', async ({ page }) => {
  let asked = 0;
  await page.route(SOLVER_LIST, async (route: Route) => {
    asked += 1;
    await route.fulfill({
      status: 429,
      headers: { 'Retry-After': '0', 'Content-Type': 'application/json' },
      body: JSON.stringify({ errors: ['Too many requests from this key'] }),
    });
  });

  await page.goto('/');
  const problem = page.getByRole('alert').filter({ hasText: 'Could not load the solvers' });
  await expect(problem).toContainText('The API host is busy (too many requests).');
  await expect(problem).toContainText('Too many requests from this key');
  // The first try and three retries; the page does not add more on top.
  expect(asked).toBe(4);

  // Once the host has room again, "Try again" lists the solvers.
  await page.unroute(SOLVER_LIST);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('link', { name: /sleeper/i }).first()).toBeVisible();
});
