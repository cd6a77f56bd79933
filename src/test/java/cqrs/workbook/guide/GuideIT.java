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
 * must show its result, every figure must load and say what it shows, HTTP must be drawn as
 * HTTP, data tables as tables, and a skipped scenario as skipped.
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
        // A scenario is a block of its own, or a row of a table of scenarios (scenarios::[]).
        List<String> results = script("""
                return [...document.querySelectorAll('.exampleblock.scenario')]
                  .map(block => (block.querySelector('.title .result') || {}).textContent || '')
                  .concat([...document.querySelectorAll('table.scenario-table td a[id^="scenario-"]')]
                    .map(anchor => anchor.closest('tr').querySelector('[class^="step-"]').textContent));""");
        assertThat(results).hasSize(report.scenarios().size())
                .allMatch(result -> List.of("passed", "failed", "skipped", "undefined", "pending", "ambiguous",
                        "unknown").contains(result));
        List<String> steps = script("""
                return [...document.querySelectorAll('.exampleblock.scenario .steps li')]
                  .map(li => (li.querySelector('[class^="step-"]') || {}).textContent || '');""");
        assertThat(steps).isNotEmpty().allMatch(result -> !result.isBlank());
    }

    /** A scenario block's titles show an outline's values, never its {@code <placeholders>}. */
    @Test
    void noScenarioTitleHoldsAPlaceholder() {
        List<String> titles = script("""
                return [...document.querySelectorAll('.exampleblock.scenario .title')]
                  .map(title => title.textContent).filter(text => /<[^<>]+>/.test(text));""");
        assertThat(titles).isEmpty();
    }

    /** Figures: diagrams, and any chart a chapter adds, as an image or as inline SVG. */
    @Test
    void everyFigureLoadsAndHasACaptionAndAltText() {
        List<Map<String, Object>> images = script("""
                return [...document.querySelectorAll('img')]
                  .map(img => ({src: (img.getAttribute('src') || '').substring(0, 40),
                                loaded: img.complete && img.naturalWidth > 0,
                                alt: img.getAttribute('alt') || '',
                                caption: ((img.closest('.imageblock') || {querySelector: () => null})
                                            .querySelector('.title') || {}).textContent || ''}));""");
        assertThat(images).hasSizeGreaterThanOrEqualTo(7).allSatisfy(image -> {
            String what = image.get("src") + " (alt: " + image.get("alt") + ")";
            assertThat(image.get("loaded")).as("loaded: " + what).isEqualTo(true);
            // Asciidoctor's default alt text is the file name: a reader who cannot see the figure needs more.
            assertThat((String) image.get("alt")).as("alt text of " + what).hasSizeGreaterThanOrEqualTo(20);
            assertThat((String) image.get("caption")).as("caption of " + what).isNotBlank();
        });
        List<Map<String, Object>> svgs = script("""
                return [...document.querySelectorAll('svg')].filter(svg => !svg.closest('svg svg'))
                  .map(svg => { const box = svg.getBoundingClientRect();
                                return {id: svg.id || svg.getAttribute('class') || '', drawn: box.width > 0 && box.height > 0}; });""");
        assertThat(svgs).allSatisfy(svg -> assertThat(svg.get("drawn")).as("inline SVG " + svg.get("id")).isEqualTo(true));
    }

    /**
     * HTTP captures are highlighted as HTTP: no token of Rouge's error class (which a JSON
     * highlighter gives to a status line), and a status line's reason phrase not in red.
     */
    @Test
    void noHttpCaptureUsesTheErrorHighlighting() {
        long blocks = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('.http-capture code[data-lang=\"http\"]').length;");
        assertThat(blocks).as("HTTP capture blocks").isGreaterThan(40);
        List<String> errors = script("""
                return [...document.querySelectorAll('code[data-lang="http"] .err, code[data-lang="http"] .gr')]
                  .map(span => span.closest('pre').textContent.split('\\n')[0] + ' :: ' + span.textContent);""");
        assertThat(errors).isEmpty();
        List<String> redReasons = script("""
                return [...document.querySelectorAll('code[data-lang="http"] .ne')]
                  .filter(span => getComputedStyle(span).color === 'rgb(153, 0, 0)')
                  .map(span => span.textContent);""");
        assertThat(redReasons).isEmpty();
    }

    /** A Gherkin data table under a step is an HTML table, never pipes in a text block. */
    @Test
    void dataTablesRenderAsTables() {
        long tables = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('.exampleblock.scenario .steps table.data-table').length;");
        assertThat(tables).isGreaterThan(5);
        List<String> pipes = script("""
                return [...document.querySelectorAll('.exampleblock.scenario .steps li pre')]
                  .map(pre => pre.textContent).filter(text => /^\\s*\\|.*\\|\\s*$/m.test(text));""");
        assertThat(pipes).isEmpty();
    }

    /** A skipped scenario says why, and nothing of it is drawn as a failure. */
    @Test
    void skippedScenariosShowTheirReasonNotAFailure() {
        List<Map<String, Object>> skipped = script("""
                return [...document.querySelectorAll('.exampleblock.scenario.status-skipped')]
                  .map(block => ({id: block.id, failures: block.querySelectorAll('.failure').length,
                                  reasons: block.querySelectorAll('.skip-reason').length}));""");
        assertThat(skipped).allSatisfy(block -> {
            assertThat(block.get("failures")).as(block.get("id") + " failure boxes").isEqualTo(0L);
            assertThat(block.get("reasons")).as(block.get("id") + " reasons").isNotEqualTo(0L);
        });
    }

    /** Every listing of the project's code or configuration is titled with its file's name. */
    @Test
    void everyCodeListingNamesItsFile() {
        List<String> untitled = script("""
                return [...document.querySelectorAll('.listingblock')]
                  .filter(block => !block.closest('.scenario'))
                  .filter(block => ['java', 'yaml'].includes((block.querySelector('code[data-lang]') || {dataset: {}}).dataset.lang))
                  .filter(block => !/\\.(java|yaml|feature)$/.test(((block.querySelector(':scope > .title') || {}).textContent || '').trim()))
                  .map(block => block.querySelector('pre').textContent.split('\\n')[0]);""");
        assertThat(untitled).isEmpty();
    }

    /** The top of the book says which run it shows. */
    @Test
    void theRunSummaryNamesTheRun() {
        String summary = (String) ((JavascriptExecutor) browser).executeScript(
                "const t = document.querySelector('table.run-summary'); return t ? t.textContent : '';");
        assertThat(summary).contains("Ran", "Against", "Commit", "passed", "failed", "skipped");
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> script(String javascript) {
        return (List<T>) ((JavascriptExecutor) browser).executeScript(javascript);
    }
}
