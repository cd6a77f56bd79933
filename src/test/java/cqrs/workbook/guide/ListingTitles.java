package cqrs.workbook.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asciidoctor.ast.Cursor;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.Treeprocessor;

/**
 * Every listing that includes a file gets that file's name as its title, unless the chapter
 * gave it one: a reader always knows where the code lives. Needs the source map, so that a
 * block knows the line of the chapter it came from; the include found near that line must
 * also hold the listing's first line, so that no listing is given another's name.
 */
public final class ListingTitles extends Treeprocessor {

    private static final Pattern INCLUDE = Pattern.compile("^include::\\{(\\w+)}/([^\\[]+)\\[");

    @Override
    public Document process(Document document) {
        for (StructuralNode block : document.findBy(Map.of("context", ":listing"))) {
            if (block.getTitle() != null && !block.getTitle().isEmpty()) {
                continue;
            }
            String first = firstLine(block);
            Cursor at = block.getSourceLocation();
            if (first.isEmpty() || at == null || at.getFile() == null) {
                continue;
            }
            Path chapter = Path.of(at.getFile());
            if (!chapter.isAbsolute() && at.getDir() != null) {
                chapter = Path.of(at.getDir()).resolve(chapter);
            }
            try {
                List<String> lines = Files.readAllLines(chapter);
                for (int i = Math.max(0, at.getLineNumber() - 3); i < Math.min(lines.size(), at.getLineNumber() + 6); i++) {
                    Matcher include = INCLUDE.matcher(lines.get(i));
                    Object dir = document.getAttribute(include.find() ? include.group(1) : "");
                    if (dir != null) {
                        Path file = Path.of(dir.toString()).resolve(include.group(2));
                        if (Files.isRegularFile(file) && Files.readAllLines(file).stream()
                                .anyMatch(line -> line.strip().equals(first))) {
                            block.setTitle(file.getFileName().toString());
                            break;
                        }
                    }
                }
            } catch (IOException unreadable) {
                // no title, as before
            }
        }
        return document;
    }

    private static String firstLine(StructuralNode block) {
        Object source = block instanceof org.asciidoctor.ast.Block b ? b.getSource() : null;
        if (source == null) {
            return "";
        }
        return source.toString().lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
    }
}
