package cqrs.workbook.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The rendered guide, opened as a reader opens it: in headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}; no browser is downloaded). It must render
 * without console errors, every internal link must lead somewhere, every scenario block
 * must show its result, every diagram must be an image that loaded.
 */
class GuideIT {

    private static final Path GUIDE = Path.of("target/guide/index.html").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static ChromeDriver browser;
    private static List<LogEntry> consoleErrors;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the guide check needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        assertThat(GUIDE).exists();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--window-size=1280,2000", "--user-data-dir=" + Files.createTempDirectory("guide-chromium"));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                options);
        browser.get(GUIDE.toUri().toString());
        consoleErrors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        Files.write(Path.of("target/guide/screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void rendersWithoutConsoleErrors() {
        assertThat(consoleErrors).extracting(LogEntry::getMessage).isEmpty();
        assertThat(browser.getTitle()).isNotBlank();
    }

    @Test
    void everyInternalLinkResolves() {
        List<String> broken = script("""
                return [...document.querySelectorAll('a[href^="#"]')]
                  .map(a => a.getAttribute('href').substring(1))
                  .filter(id => id.length > 0 && !document.getElementById(decodeURIComponent(id)));""");
        assertThat(broken).isEmpty();
        long links = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('a[href^=\"#\"]').length;");
        assertThat(links).isGreaterThan(10);
    }

    @Test
    void everyScenarioBlockShowsItsResult() throws Exception {
        ScenarioReport report = ScenarioReport.read(Path.of("target/cucumber/run.ndjson"));
        List<String> results = script("""
                return [...document.querySelectorAll('.exampleblock.scenario')]
                  .map(block => (block.querySelector('.title .result') || {}).textContent || '');""");
        assertThat(results).hasSize(report.scenarios().size())
                .allMatch(result -> List.of("passed", "failed", "skipped", "undefined", "pending", "ambiguous",
                        "unknown").contains(result));
        List<String> steps = script("""
                return [...document.querySelectorAll('.exampleblock.scenario .steps li')]
                  .map(li => (li.querySelector('[class^="step-"]') || {}).textContent || '');""");
        assertThat(steps).isNotEmpty().allMatch(result -> !result.isBlank());
    }

    @Test
    void everyDiagramIsAnImageThatLoaded() {
        List<Map<String, Object>> images = script("""
                return [...document.querySelectorAll('.imageblock img')]
                  .map(img => ({src: img.getAttribute('src').substring(0, 40), loaded: img.complete && img.naturalWidth > 0}));""");
        assertThat(images).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(image -> assertThat(image.get("loaded")).as(String.valueOf(image.get("src"))).isEqualTo(true));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> script(String javascript) {
        return (List<T>) ((JavascriptExecutor) browser).executeScript(javascript);
    }
}
