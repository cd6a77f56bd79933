package cqrs.workbook.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
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
 * HTTP, data tables as tables, and a skipped scenario as skipped. The PDF edition is read
 * back with PDFBox: every font it uses travels with it, no text is printed too small to
 * read, and the book keeps to its length.
 */
class GuideIT {

    /**
     * The most pages the PDF edition may have: a book its readers finish. The check fails,
     * naming the count, until the book is cut to it.
     */
    static final int MAX_PDF_PAGES = 130;
    /** The smallest text, in points, that the PDF may print (listings, tables, figures alike). */
    static final double MIN_PRINT_POINTS = 7.5;

    private static final Path GUIDE = Path.of("target/guide/index.html").toAbsolutePath();
    private static final Path PDF = Path.of("target/guide/cqrs-workbook.pdf").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static ChromeDriver browser;
    private static List<LogEntry> consoleErrors;

    @BeforeAll
    static void open() throws Exception {
        assertThat(GUIDE).exists();
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return; // the browser's checks are skipped, saying why (browser()); the PDF's still run
        }
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

    private static ChromeDriver browser() {
        assumeTrue(browser != null,
                "the guide check needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        return browser;
    }

    @Test
    void rendersWithoutConsoleErrors() {
        assertThat(browser().getTitle()).isNotBlank();
        assertThat(consoleErrors).extracting(LogEntry::getMessage).isEmpty();
    }

    @Test
    void everyInternalLinkResolves() {
        List<String> broken = script("""
                return [...document.querySelectorAll('a[href^="#"]')]
                  .map(a => a.getAttribute('href').substring(1))
                  .filter(id => id.length > 0 && !document.getElementById(decodeURIComponent(id)));""");
        assertThat(broken).isEmpty();
        long links = (Long) ((JavascriptExecutor) browser()).executeScript(
                "return document.querySelectorAll('a[href^=\"#\"]').length;");
        assertThat(links).isGreaterThan(10);
    }

    @Test
    void everyScenarioBlockShowsItsResult() throws Exception {
        ScenarioReport report = ScenarioReport.read(Path.of("target/cucumber/run.ndjson"));
        // A scenario is a block of its own, a row of a table of scenarios (scenarios::[]), or the
        // line under a block drawn from its run (event-model::[], try-it::[]).
        List<String> results = script("""
                return [...document.querySelectorAll('.exampleblock.scenario')]
                  .map(block => (block.querySelector('.title .result') || {}).textContent || '')
                  .concat([...document.querySelectorAll('table.scenario-table td a[id^="scenario-"]')]
                    .map(anchor => anchor.closest('tr').querySelector('[class^="step-"]').textContent))
                  .concat([...document.querySelectorAll('.scenario-ref[id^="scenario-"] .result')]
                    .map(result => result.textContent));""");
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
        long blocks = (Long) ((JavascriptExecutor) browser()).executeScript(
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
        long tables = (Long) ((JavascriptExecutor) browser()).executeScript(
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
        String summary = (String) ((JavascriptExecutor) browser()).executeScript(
                "const t = document.querySelector('table.run-summary'); return t ? t.textContent : '';");
        assertThat(summary).contains("Ran", "Against", "Commit", "passed", "failed", "skipped");
    }

    /**
     * At 1280 pixels no listing is wider than its box, captures included (their folds are
     * opened first): a reader scrolls the page, never a listing sideways.
     */
    @Test
    void noListingOverflowsItsBoxAt1280Pixels() {
        List<String> overflowing = script("""
                document.querySelectorAll('details').forEach(details => details.open = true);
                return [...document.querySelectorAll('pre')]
                  .filter(pre => pre.scrollWidth > pre.clientWidth)
                  .map(pre => {
                    const block = pre.closest('.listingblock, .literalblock, .exampleblock') || pre;
                    const title = (block.querySelector('.title') || {}).textContent || '';
                    const where = pre.closest('[id]');
                    return (pre.scrollWidth - pre.clientWidth) + ' px too wide: '
                      + (title.trim() || pre.textContent.split('\\n')[0]).substring(0, 80)
                      + (where ? ' (in #' + where.id + ')' : '');
                  });""");
        long listings = (Long) ((JavascriptExecutor) browser()).executeScript(
                "return document.querySelectorAll('.listingblock pre').length;");
        assertThat(listings).isGreaterThan(100);
        assertThat(overflowing).isEmpty();
    }

    /** Every font the PDF names travels inside it: a reader's viewer or printer substitutes none. */
    @Test
    void everyFontOfThePdfIsEmbedded() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(PDF.toFile())) {
            java.util.Set<String> missing = new TreeSet<>();
            java.util.Set<COSName> seen = new java.util.HashSet<>();
            int fonts = 0;
            for (PDPage page : pdf.getPages()) {
                fonts += fonts(page.getResources(), missing, new java.util.HashSet<>(), seen);
            }
            assertThat(fonts).as("fonts found").isGreaterThan(2);
            assertThat(missing).as("fonts the PDF uses but does not embed").isEmpty();
        }
    }

    /**
     * Nothing is printed under {@value #MIN_PRINT_POINTS} pt: the size each glyph is drawn at,
     * its font size scaled by the text matrix and by any transformation around it (a figure
     * scaled to the page width shrinks its text with it).
     */
    @Test
    void noPrintedTextIsSmallerThanTheMinimum() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(PDF.toFile())) {
            SmallText small = new SmallText();
            small.getText(pdf);
            assertThat(small.glyphs).as("glyphs measured").isGreaterThan(10_000);
            assertThat(small.found())
                    .as("text under %s pt, on %d pages", MIN_PRINT_POINTS, small.byPage.size())
                    .isEmpty();
        }
    }

    /** The book keeps to its length; the message names the count. */
    @Test
    void thePdfHasAtMostTheBooksPages() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(PDF.toFile())) {
            assertThat(pdf.getNumberOfPages())
                    .as("pages of %s (GuideIT.MAX_PDF_PAGES is %d)", PDF.getFileName(), MAX_PDF_PAGES)
                    .isLessThanOrEqualTo(MAX_PDF_PAGES);
        }
    }

    /** Counts the fonts of some resources and of the forms they draw, naming those not embedded. */
    private static int fonts(PDResources resources, java.util.Set<String> missing,
            java.util.Set<COSName> formsSeen, java.util.Set<COSName> fontsSeen) throws IOException {
        if (resources == null) {
            return 0;
        }
        int count = 0;
        for (COSName name : resources.getFontNames()) {
            PDFont font = resources.getFont(name);
            if (font == null) {
                continue;
            }
            count++;
            boolean embedded = font instanceof PDType0Font type0
                    ? type0.getDescendantFont() != null && type0.getDescendantFont().isEmbedded()
                    : font.isEmbedded();
            if (!embedded) {
                missing.add(font.getName() + " (" + font.getSubType() + ")");
            }
        }
        for (COSName name : resources.getXObjectNames()) {
            if (formsSeen.add(name)) {
                PDXObject object = resources.getXObject(name);
                if (object instanceof PDFormXObject form) {
                    count += fonts(form.getResources(), missing, formsSeen, fontsSeen);
                }
            }
        }
        return count;
    }

    /** Each glyph's printed size; what is too small, by page (the first glyphs of each). */
    private static final class SmallText extends PDFTextStripper {
        final Map<Integer, StringBuilder> byPage = new java.util.TreeMap<>();
        long glyphs;

        @Override
        protected void processTextPosition(TextPosition text) {
            // Blank glyphs print nothing (the contents' dot leaders are spaced with tiny ones).
            if (text.getUnicode() == null || text.getUnicode().codePoints().allMatch(Character::isSpaceChar)) {
                return;
            }
            glyphs++;
            // The text rendering matrix: font size x text matrix x current transformation;
            // its second row is the glyph's vertical axis, as long as the text is tall.
            var matrix = text.getTextMatrix();
            double points = Math.hypot(matrix.getValue(1, 0), matrix.getValue(1, 1));
            if (points < MIN_PRINT_POINTS - 0.05) {
                StringBuilder page = byPage.computeIfAbsent(getCurrentPageNo(), p -> new StringBuilder(
                        String.format(java.util.Locale.ROOT, "p. %d, %.1f pt in %s: ", p, points,
                                text.getFont().getName())));
                if (page.length() < 120) {
                    page.append(text.getUnicode());
                }
            }
        }

        List<String> found() {
            return byPage.values().stream().map(StringBuilder::toString).limit(40).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> script(String javascript) {
        return (List<T>) ((JavascriptExecutor) browser()).executeScript(javascript);
    }
}
