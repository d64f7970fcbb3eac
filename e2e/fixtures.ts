import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';
export type { Locator, Page } from '@playwright/test';

/**
 * Every spec runs with the page's uncaught errors and console errors recorded: a test that fails
 * prints them (a React render error unmounts the whole app, and the failure otherwise only says
 * which element never appeared), and an uncaught error fails the test even if its steps passed.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use, testInfo) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.stack ?? e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      page.on('crash', () => errors.push('the page crashed'));
      await use(errors);
      if (errors.length > 0 && testInfo.status !== testInfo.expectedStatus)
        console.log(`page errors during "${testInfo.title}":\n${errors.join('\n')}`);
      const uncaught = errors.filter((e) => !e.startsWith('console.error'));
      if (uncaught.length > 0 && testInfo.status === testInfo.expectedStatus)
        throw new Error(`uncaught page errors:\n${uncaught.join('\n')}`);
    },
    { auto: true },
  ],
});
