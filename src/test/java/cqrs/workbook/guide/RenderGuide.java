package cqrs.workbook.guide;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import cqrs.workbook.guide.ScenarioReport.ScenarioSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.log.LogRecord;
import org.asciidoctor.log.Severity;

/**
 * Renders the guide from {@code docs/} and the latest run's report: one self-contained HTML
 * page and a PDF edition under {@code target/guide/}. It renders whatever the scenarios'
 * results were, then fails when the guide is not whole: a missing include or tag, a placed
 * scenario that does not exist or did not run, a scenario placed twice or nowhere.
 */
public final class RenderGuide {

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path out = root.resolve("target/guide");
        Path images = out.resolve("images");
        Files.createDirectories(images);
        ScenarioReport report = ScenarioReport.read(root.resolve("target/cucumber/run.ndjson"));
        ScenarioMacro macro = new ScenarioMacro(report);
        EventModelMacro eventModel = new EventModelMacro(report, macro);
        TryItMacro tryIt = new TryItMacro(report, macro);
        List<String> problems = new ArrayList<>();

        long started = System.nanoTime();
        System.setProperty("diagram.plantuml.classpath", plantUmlJars(out.resolve(".plantuml")));
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            asciidoctor.requireLibrary("asciidoctor-diagram");
            asciidoctor.javaExtensionRegistry().blockMacro(macro);
            asciidoctor.javaExtensionRegistry().blockMacro(eventModel);
            asciidoctor.javaExtensionRegistry().blockMacro(tryIt);
            asciidoctor.javaExtensionRegistry().blockMacro(new RunSummaryMacro(report, commit(root)));
            asciidoctor.javaExtensionRegistry().treeprocessor(new ListingTitles());
            asciidoctor.registerLogHandler(record -> {
                if (record.getSeverity().ordinal() >= Severity.WARN.ordinal()) {
                    problems.add(describe(record));
                }
            });
            Path resources = root.resolve("src/test/resources/guide");
            TemplateNumbers numbers = TemplateNumbers.read(root);
            problems.addAll(numbers.problems());
            Attributes attributes = Attributes.builder()
                    .attribute("sourcedir", root.resolve("src/main/java").toString())
                    .attribute("testdir", root.resolve("src/test/java").toString())
                    .attribute("featuresdir", root.resolve("features").toString())
                    .attribute("rootdir", root.toString())
                    .attribute("imagesdir", images.toString())
                    .attribute("imagesoutdir", images.toString())
                    .attribute("diagram-cachedir", out.resolve(".diagrams").toString())
                    .attribute("webfonts!", "")
                    // Admonitions as text labels: no icon images or icon fonts to fetch.
                    .attribute("icons!", "")
                    // Numbers the prose states, read from the template that sets them.
                    .attribute("max-receive-count", numbers.maxReceiveCount())
                    .attribute("alarm-count", numbers.alarmCount())
                    .attribute("docinfo", "shared")
                    .attribute("docinfodir", resources.toString())
                    .attribute("pdf-themesdir", resources.toString())
                    .attribute("pdf-theme", "workbook")
                    .attribute("source-highlighter", "rouge")
                    .dataUri(true)
                    .build();
            Path index = root.resolve("docs/index.adoc");

            asciidoctor.convertFile(index.toFile(), Options.builder()
                    .safe(SafeMode.UNSAFE).sourcemap(true).backend("html5").standalone(true)
                    .baseDir(root.resolve("docs").toFile()).toFile(out.resolve("index.html").toFile())
                    .mkDirs(true).attributes(attributes).build());
            problems.addAll(coverage(report, macro.placed()));
            problems.addAll(unusedTags(root));
            problems.addAll(ListingWidths.problems(root));
            problems.addAll(macro.problems());
            problems.addAll(eventModel.problems());
            problems.addAll(tryIt.problems());
            System.out.printf("guide      HTML %s (%d ms)%n", out.resolve("index.html"), (System.nanoTime() - started) / 1_000_000);

            macro.reset();
            tryIt.reset();
            asciidoctor.convertFile(index.toFile(), Options.builder()
                    .safe(SafeMode.UNSAFE).sourcemap(true).backend("pdf").standalone(true)
                    .baseDir(root.resolve("docs").toFile()).toFile(out.resolve("cqrs-workbook.pdf").toFile())
                    .mkDirs(true).attributes(attributes).build());
            System.out.printf("guide      PDF  %s (%d ms in all)%n", out.resolve("cqrs-workbook.pdf"),
                    (System.nanoTime() - started) / 1_000_000);
        }
        Files.write(out.resolve("problems.txt"), problems);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.out.println("guide      PROBLEM " + problem));
            throw new IllegalStateException(problems.size() + " problem(s) in the guide; see target/guide/problems.txt");
        }
    }

    /** Both ways: every scenario placed exactly once, and nothing placed that is not a scenario. */
    static List<String> coverage(ScenarioReport report, Map<String, Integer> placed) {
        List<String> problems = new ArrayList<>();
        for (ScenarioSpec spec : report.scenarios().values()) {
            int times = placed.getOrDefault(spec.tag(), 0);
            if (times != 1) {
                problems.add("scenario @" + spec.tag() + " (" + spec.uri() + ": " + spec.name() + ") is placed "
                        + times + " times in the guide; it must be placed once");
            }
        }
        report.untagged().forEach(name -> problems.add("scenario without an id tag cannot be placed: " + name));
        return problems;
    }

    private static final Pattern INCLUDE = Pattern.compile("include::\\{(\\w+)}/([^\\[]+)\\[([^\\]]*)]");
    private static final Pattern TAG = Pattern.compile("tag::([\\w-]+)\\[]");

    /**
     * A tagged region is a paragraph of the book: one that no chapter includes is a
     * paragraph nobody reads, so the build names it.
     */
    static List<String> unusedTags(Path root) throws IOException {
        Map<String, Path> dirs = Map.of("sourcedir", root.resolve("src/main/java"),
                "testdir", root.resolve("src/test/java"), "featuresdir", root.resolve("features"),
                "rootdir", root);
        java.util.Set<String> included = new java.util.HashSet<>();
        try (var adocs = Files.walk(root.resolve("docs"))) {
            for (Path adoc : adocs.filter(p -> p.toString().endsWith(".adoc")).toList()) {
                Matcher include = INCLUDE.matcher(Files.readString(adoc));
                while (include.find()) {
                    Path file = dirs.getOrDefault(include.group(1), root).resolve(include.group(2)).normalize();
                    Matcher tags = Pattern.compile("tags?=([^,\\]]+)").matcher(include.group(3));
                    while (tags.find()) {
                        for (String tag : tags.group(1).split(";")) {
                            included.add(file + "#" + tag);
                        }
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Path dir : List.of(root.resolve("src"), root.resolve("features"))) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(java|feature|yaml|sh)$")).toList()) {
                    Matcher tag = TAG.matcher(Files.readString(file));
                    while (tag.find()) {
                        if (!included.contains(file.normalize() + "#" + tag.group(1))) {
                            problems.add("tagged region " + tag.group(1) + " of " + root.relativize(file)
                                    + " is included nowhere in the guide: include it or remove the tag");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /**
     * PlantUML comes as jars inside the asciidoctorj-diagram-plantuml jar, where
     * asciidoctor-diagram does not look by itself: they are copied out once, and named in
     * the system property that asciidoctor-diagram reads ({@code DIAGRAM_PLANTUML_CLASSPATH}).
     */
    private static String plantUmlJars(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> jars = new ArrayList<>();
        var specifications = RenderGuide.class.getClassLoader().getResources("specifications/");
        while (specifications.hasMoreElements()) {
            java.net.URL url = specifications.nextElement();
            if (!url.getProtocol().equals("jar") || !url.getPath().contains("asciidoctorj-diagram-plantuml")) {
                continue;
            }
            String jar = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
                for (java.util.jar.JarEntry entry : file.stream().filter(e -> e.getName().endsWith(".jar")).toList()) {
                    Path copy = dir.resolve(Path.of(entry.getName()).getFileName().toString());
                    if (!Files.exists(copy) || Files.size(copy) != entry.getSize()) {
                        try (var in = file.getInputStream(entry)) {
                            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                    jars.add(copy.toString());
                }
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("asciidoctorj-diagram-plantuml is not on the classpath");
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    private static final Pattern MAX_RECEIVE_COUNT = Pattern.compile("maxReceiveCount:\\s*(\\d+)");
    private static final Pattern ALARM = Pattern.compile("Type:\\s*AWS::CloudWatch::Alarm\\b");
    private static final Pattern DIAGRAM_RECEIVES = Pattern.compile("after (\\d+)(?:\\\\n|\\s)+receives");

    /**
     * Numbers of {@code template.yaml} that the book states: the chapters read them as
     * attributes ({@code {max-receive-count}}, {@code {alarm-count}}); a diagram cannot, so one that states another
     * number is a problem.
     */
    record TemplateNumbers(String maxReceiveCount, String alarmCount, List<String> problems) {
        static TemplateNumbers read(Path root) throws IOException {
            List<String> problems = new ArrayList<>();
            String template = Files.readString(root.resolve("template.yaml"));
            java.util.Set<String> counts = new java.util.TreeSet<>();
            Matcher count = MAX_RECEIVE_COUNT.matcher(template);
            while (count.find()) {
                counts.add(count.group(1));
            }
            if (counts.size() != 1) {
                problems.add("template.yaml's queues must share one maxReceiveCount for the book to state it: " + counts);
            }
            String maxReceiveCount = counts.isEmpty() ? "?" : counts.iterator().next();
            try (var diagrams = Files.list(root.resolve("docs/diagrams"))) {
                for (Path diagram : diagrams.filter(p -> p.toString().endsWith(".puml")).toList()) {
                    Matcher receives = DIAGRAM_RECEIVES.matcher(Files.readString(diagram));
                    while (receives.find()) {
                        if (!receives.group(1).equals(maxReceiveCount)) {
                            problems.add(root.relativize(diagram) + " says a message is dead-lettered after "
                                    + receives.group(1) + " receives; template.yaml's maxReceiveCount is " + maxReceiveCount);
                        }
                    }
                }
            }
            return new TemplateNumbers(maxReceiveCount, String.valueOf(ALARM.matcher(template).results().count()),
                    problems);
        }
    }

    /** The commit the guide was rendered from, marked when the work tree had changes. */
    static String commit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty=+changes")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 && !out.isEmpty() ? out : "unknown (not a git work tree)";
        } catch (IOException e) {
            return "unknown (no git)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String describe(LogRecord record) {
        String where = record.getCursor() == null ? ""
                : record.getCursor().getFile() + ":" + record.getCursor().getLineNumber() + ": ";
        return record.getSeverity() + " " + where + record.getMessage();
    }

}
