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
 * block knows the line of the chapter it came from.
 */
public final class ListingTitles extends Treeprocessor {

    private static final Pattern INCLUDE = Pattern.compile("^include::[^\\[]*?([^/\\[]+)\\[");

    @Override
    public Document process(Document document) {
        for (StructuralNode block : document.findBy(Map.of("context", ":listing"))) {
            if (block.getTitle() != null && !block.getTitle().isEmpty()) {
                continue;
            }
            Cursor at = block.getSourceLocation();
            if (at == null || at.getFile() == null) {
                continue;
            }
            Path chapter = Path.of(at.getFile());
            if (!chapter.isAbsolute() && at.getDir() != null) {
                chapter = Path.of(at.getDir()).resolve(chapter);
            }
            try {
                List<String> lines = Files.readAllLines(chapter);
                // The block starts at its opening delimiter; the include is the line after it.
                for (int i = at.getLineNumber() - 1; i < Math.min(lines.size(), at.getLineNumber() + 2); i++) {
                    Matcher include = INCLUDE.matcher(lines.get(Math.max(i, 0)));
                    if (include.find()) {
                        block.setTitle(include.group(1));
                        break;
                    }
                }
            } catch (IOException unreadable) {
                // no title, as before
            }
        }
        return document;
    }
}
