package cqrs.workbook.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.Cursor;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.Treeprocessor;

/**
 * Every listing that includes a file gets that file's name as its title, unless the chapter
 * gave it one: a reader always knows where the code lives. With the source map on, a block
 * whose lines come from an included file mostly says so: its source location is that file.
 * Inside a list item it is the chapter instead (the item's line); then the first include below
 * that line whose file holds the listing's first line names it.
 */
public final class ListingTitles extends Treeprocessor {

    private static final Pattern INCLUDE = Pattern.compile("^include::\\{(\\w+)}/([^\\[]+)\\[");

    @Override
    public Document process(Document document) {
        for (StructuralNode block : document.findBy(Map.of("context", ":listing"))) {
            if (block.getTitle() != null && !block.getTitle().isEmpty()) {
                continue;
            }
            Cursor at = block.getSourceLocation();
            if (at == null || at.getFile() == null) {
                continue; // written by an extension (a capture), not read from a file
            }
            Path file = Path.of(at.getFile());
            if (!file.getFileName().toString().endsWith(".adoc")) {
                block.setTitle(file.getFileName().toString());
            } else {
                String included = includedNear(document, file, at.getLineNumber(), firstLine(block));
                if (included != null) {
                    block.setTitle(included);
                }
            }
        }
        return document;
    }

    private static String includedNear(Document document, Path chapter, int line, String first) {
        if (first.isEmpty()) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(chapter);
            for (int i = Math.max(0, line - 3); i < Math.min(lines.size(), line + 40); i++) {
                Matcher include = INCLUDE.matcher(lines.get(i));
                Object dir = include.find() ? document.getAttribute(include.group(1)) : null;
                if (dir != null) {
                    Path file = Path.of(dir.toString()).resolve(include.group(2));
                    if (Files.isRegularFile(file)
                            && Files.readAllLines(file).stream().anyMatch(l -> l.strip().equals(first))) {
                        return file.getFileName().toString();
                    }
                }
            }
        } catch (IOException unreadable) {
            // no title, as before
        }
        return null;
    }

    private static String firstLine(StructuralNode block) {
        Object source = block instanceof Block b ? b.getSource() : null;
        return source == null ? ""
                : source.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
