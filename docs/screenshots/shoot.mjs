// Captures one dashboard page once its live data has rendered:
//   node shoot.mjs URL FILE READY_SELECTOR [--tick SELECTOR N] [--wait SELECTOR] [--element SELECTOR]
// --tick clicks the first N checkboxes matching SELECTOR, one at a time (the page redraws after each);
// --wait waits for SELECTOR after that; --element captures that element alone instead of the whole page.
import { chromium } from 'playwright-core';
const [url, file, ready, ...rest] = process.argv.slice(2);
const options = { tick: null, count: 0, wait: null, element: null };
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--tick') { options.tick = rest[++i]; options.count = Number(rest[++i]); }
  else if (rest[i] === '--wait') options.wait = rest[++i];
  else if (rest[i] === '--element') options.element = rest[++i];
  else throw new Error('shoot.mjs: unknown option ' + rest[i]);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30000 });
  for (let i = 0; i < options.count; i++) {
    await page.locator(options.tick).nth(i).click();
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel + ':checked').length === n,
      [options.tick, i + 1], { timeout: 30000 });
  }
  if (options.wait) await page.waitForSelector(options.wait, { timeout: 30000 });
  await page.waitForTimeout(1500);
  if (options.element) await page.locator(options.element).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
} finally {
  await browser.close();
}
