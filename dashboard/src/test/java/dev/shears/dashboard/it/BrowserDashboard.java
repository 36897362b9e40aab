package dev.shears.dashboard.it;

import com.microsoft.playwright.Page;
import dev.shears.broker.KafkaBroker;

/**
 * One test class's dashboard on the real broker and the headless Chromium that views it: started before the class's
 * tests, closed after them; each test opens its pages in a fresh browser context.
 */
final class BrowserDashboard implements AutoCloseable {
  private final Browser browser;
  private final LiveDashboard dash;

  private BrowserDashboard(Browser browser, LiveDashboard dash) {
    this.browser = browser;
    this.dash = dash;
  }

  /** Launches Chromium (or skips the class, see {@link Browser#launchOrSkip()}), then the topics and dashboard. */
  static BrowserDashboard start(KafkaBroker broker) {
    Browser browser = Browser.launchOrSkip();
    try {
      return new BrowserDashboard(browser, LiveDashboard.startOn(broker));
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
  }

  LiveDashboard dash() {
    return dash;
  }

  Browser browser() {
    return browser;
  }

  /** A page in a new browser context of the given viewport; closing {@code page.context()} closes both. */
  Page newPage(int width, int height, double timeoutMs) {
    Page page = browser.chromium().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(width, height)).newPage();
    page.setDefaultTimeout(timeoutMs);
    return page;
  }

  @Override
  public void close() {
    try {
      dash.close();
    } finally {
      browser.close();
    }
  }
}
