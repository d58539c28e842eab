import { expect, type Page } from '@playwright/test';
import { seriousViolations } from './accessible.ts';

/** The four ways a page is checked: desktop and phone width, each in light and dark. */
export const VARIANTS = [
  { name: 'desktop, light', width: 1385, height: 900, colorScheme: 'light' },
  { name: 'desktop, dark', width: 1385, height: 900, colorScheme: 'dark' },
  { name: 'phone, light', width: 390, height: 844, colorScheme: 'light' },
  { name: 'phone, dark', width: 390, height: 844, colorScheme: 'dark' },
] as const;

/** How far the page reaches past the window's right edge, in pixels (0: no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Checks the page as it is now in each variant: `check` (the behaviour under test), no
 * horizontal scrolling, and no serious accessibility violation. The scenario that led here runs
 * once; only the end state is looked at four times.
 */
export async function inEveryVariant(page: Page, where: string, check: (variant: string) => Promise<void>) {
  const original = page.viewportSize();
  for (const variant of VARIANTS) {
    await page.setViewportSize({ width: variant.width, height: variant.height });
    await page.emulateMedia({ colorScheme: variant.colorScheme, reducedMotion: 'reduce' });
    await check(variant.name);
    await expect
      .poll(() => horizontalOverflow(page), { message: `${where} (${variant.name}) scrolls sideways`, timeout: 5_000 })
      .toBeLessThanOrEqual(0);
    expect(await seriousViolations(page), `accessibility violations on ${where} (${variant.name})`).toEqual([]);
  }
  if (original) await page.setViewportSize(original);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: null });
}
