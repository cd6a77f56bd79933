package cqrs.workbook.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A listing wider than {@value #COLUMNS} columns overflows the page at 1280 pixels and shrinks
 * below legibility in print. Every region a chapter includes is measured as the chapter shows
 * it ({@code indent=0} strips the common indentation). The listings still wider are named in
 * {@code wide-listings.txt}, a list that may only shrink: a new wide listing is a problem, and
 * so is a name on the list whose listing now fits, or that no chapter includes any more.
 */
final class ListingWidths {

    static final int COLUMNS = 100;
    static final String KNOWN = "src/test/resources/guide/wide-listings.txt";

    private static final Pattern INCLUDE = Pattern.compile("include::\\{(\\w+)}/([^\\[]+)\\[([^\\]]*)]");
    private static final Pattern MARKER = Pattern.compile("(tag|end)::[\\w-]+\\[]");

    private ListingWidths() {}

    static List<String> problems(Path root) throws IOException {
        Map<String, Integer> widths = widths(root);
        Set<String> known = new TreeSet<>();
        for (String line : Files.readAllLines(root.resolve(KNOWN))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                known.add(line.strip());
            }
        }
        List<String> problems = new ArrayList<>();
        widths.forEach((listing, width) -> {
            if (width > COLUMNS && !known.contains(listing)) {
                problems.add("listing " + listing + " is " + width + " columns wide; at most " + COLUMNS
                        + ": wrap its lines or include a shorter region");
            }
        });
        for (String listing : known) {
            Integer width = widths.get(listing);
            if (width == null) {
                problems.add(KNOWN + " names " + listing + ", which no chapter includes: remove it from the list");
            } else if (width <= COLUMNS) {
                problems.add(KNOWN + " names " + listing + ", which is " + width + " columns now: remove it from the list");
            }
        }
        return problems;
    }

    /** Each included region, as {@code path#tag} (the path from the project's root), with its widest line. */
    static Map<String, Integer> widths(Path root) throws IOException {
        Map<String, Path> dirs = Map.of("sourcedir", root.resolve("src/main/java"),
                "testdir", root.resolve("src/test/java"), "featuresdir", root.resolve("features"),
                "rootdir", root);
        Map<String, Integer> widths = new LinkedHashMap<>();
        List<Path> chapters;
        try (var files = Files.list(root.resolve("docs/chapters"))) {
            chapters = files.filter(p -> p.toString().endsWith(".adoc")).sorted().toList();
        }
        for (Path chapter : chapters) {
            Matcher include = INCLUDE.matcher(Files.readString(chapter));
            while (include.find()) {
                Path file = dirs.getOrDefault(include.group(1), root).resolve(include.group(2)).normalize();
                if (!Files.isRegularFile(file) || file.startsWith(root.resolve("target"))) {
                    continue; // a generated file, measured by what generates it
                }
                List<String> lines = Files.readAllLines(file);
                String attributes = include.group(3);
                Matcher tags = Pattern.compile("tags?=([^,\\]]+)").matcher(attributes);
                String name = root.relativize(file).toString();
                if (tags.find()) {
                    for (String tag : tags.group(1).split(";")) {
                        widths.merge(name + "#" + tag, width(region(lines, tag), attributes), Math::max);
                    }
                } else {
                    widths.merge(name, width(lines, attributes), Math::max);
                }
            }
        }
        return widths;
    }

    private static List<String> region(List<String> lines, String tag) {
        List<String> region = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.contains("tag::" + tag + "[]")) {
                inside = true;
            } else if (line.contains("end::" + tag + "[]")) {
                inside = false;
            } else if (inside && !MARKER.matcher(line).find()) {
                region.add(line);
            }
        }
        return region;
    }

    private static int width(List<String> lines, String attributes) {
        int indent = attributes.contains("indent=0")
                ? lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                        .min().orElse(0)
                : 0;
        return lines.stream().mapToInt(l -> l.isBlank() ? 0 : l.length() - indent).max().orElse(0);
    }
}
