// Captures one dashboard page once its live data has rendered: node shoot.mjs URL FILE READY_SELECTOR
import { chromium } from 'playwright-core';
const [url, file, ready] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: file, fullPage: true });
} finally {
  await browser.close();
}
