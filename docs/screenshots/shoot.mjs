// Captures one dashboard page once its live data has rendered:
//   node shoot.mjs URL FILE READY_SELECTOR [--tick SELECTOR N] [--tick-at SELECTOR I,J,...] [--wait SELECTOR]
//                  [--element SELECTOR] [--clip SELECTOR,SELECTOR,...] [--width PIXELS] [--css RULES]
// --tick clicks the first N checkboxes matching SELECTOR, one at a time (the page redraws after each); --tick-at
// clicks those at the given 0-based positions instead; --wait waits for SELECTOR after that; --element captures that
// element alone instead of the whole page; --clip captures the smallest box holding all the elements it names;
// --width sets the window's width (default 1400) and --css adds style rules (main{max-width:none}), for a wide table
// to show all its columns.
import { chromium } from 'playwright-core';
const [url, file, ready, ...rest] = process.argv.slice(2);
const options = { tick: null, positions: [], wait: null, element: null, clip: null, width: 1400, css: null };
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--tick') {
    options.tick = rest[++i];
    options.positions = [...Array(Number(rest[++i])).keys()];
  } else if (rest[i] === '--tick-at') {
    options.tick = rest[++i];
    options.positions = rest[++i].split(',').map(Number);
  } else if (rest[i] === '--wait') options.wait = rest[++i];
  else if (rest[i] === '--element') options.element = rest[++i];
  else if (rest[i] === '--clip') options.clip = rest[++i].split(',');
  else if (rest[i] === '--width') options.width = Number(rest[++i]);
  else if (rest[i] === '--css') options.css = rest[++i];
  else throw new Error('shoot.mjs: unknown option ' + rest[i]);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: options.width, height: 900 } });
  await page.goto(url);
  if (options.css) await page.addStyleTag({ content: options.css });
  await page.waitForSelector(ready, { timeout: 30000 });
  for (let i = 0; i < options.positions.length; i++) {
    await page.locator(options.tick).nth(options.positions[i]).click();
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel + ':checked').length === n,
      [options.tick, i + 1], { timeout: 30000 });
  }
  if (options.wait) await page.waitForSelector(options.wait, { timeout: 30000 });
  await page.waitForTimeout(1500);
  // An element taller than the window is captured from the full page: Playwright's element screenshot scrolls it
  // into view and the sticky navigation bar then covers its top.
  if (options.element) options.clip = [options.element];
  if (options.clip) {
    const boxes = await page.evaluate((selectors) => selectors.map((s) => {
      const r = document.querySelector(s).getBoundingClientRect();
      return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY };
    }), options.clip);
    const left = Math.min(...boxes.map(b => b.left)), top = Math.min(...boxes.map(b => b.top));
    const right = Math.max(...boxes.map(b => b.right)), bottom = Math.max(...boxes.map(b => b.bottom));
    await page.screenshot({ path: file, fullPage: true, clip: { x: left, y: top, width: right - left, height: bottom - top } });
  } else await page.screenshot({ path: file, fullPage: true });
} finally {
  await browser.close();
}
