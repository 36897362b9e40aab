package dev.shears.dashboard.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's Chromium driven by Playwright, without a browser download. */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  private Browser() {
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new com.microsoft.playwright.BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  /**
   * Launches Chromium. A machine without it fails the calling test class rather than passing it unseen; only
   * {@code -Dshears.browser.skip=true} skips it.
   */
  static Browser launchOrSkip() {
    assumeFalse(Boolean.getBoolean("shears.browser.skip"), "browser tests skipped (-Dshears.browser.skip=true)");
    assertTrue(Files.isExecutable(CHROMIUM), "Browser tests need Debian's chromium at " + CHROMIUM
        + " (apt-get install -y chromium), or -Dshears.browser.skip=true to skip them");
    return new Browser();
  }

  com.microsoft.playwright.Browser chromium() {
    return browser;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
