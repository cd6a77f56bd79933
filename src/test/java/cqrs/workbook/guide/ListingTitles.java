package cqrs.workbook.guide;

import java.nio.file.Path;
import java.util.Map;
import org.asciidoctor.ast.Cursor;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.Treeprocessor;

/**
 * Every listing that includes a file gets that file's name as its title, unless the chapter
 * gave it one: a reader always knows where the code lives. With the source map on, a block
 * whose lines come from an included file says so: its source location is that file.
 */
public final class ListingTitles extends Treeprocessor {

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
            String name = Path.of(at.getFile()).getFileName().toString();
            if (!name.endsWith(".adoc")) {
                block.setTitle(name);
            }
        }
        return document;
    }
}
