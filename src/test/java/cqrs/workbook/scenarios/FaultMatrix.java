package cqrs.workbook.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault matrix as the run saw it: for each fault and strategy, what the client, the store,
 * the subscribers and the views ended with. Written to {@code target/fault-matrix.adoc}, which
 * the guide's event-transaction chapter includes.
 */
final class FaultMatrix {

    static final Path FILE = Path.of("target", "fault-matrix.adoc");

    private record Row(String client, String store, String subscribers, String view, boolean knownLimitation) {}

    private static final Map<String, Map<String, Row>> ROWS = new LinkedHashMap<>();

    private FaultMatrix() {}

    static synchronized void record(String fault, String strategy, String client, String store, String subscribers,
                                    String view, boolean knownLimitation) {
        ROWS.computeIfAbsent(fault, f -> new TreeMap<>())
                .put(strategy, new Row(client, store, subscribers, view, knownLimitation));
    }

    static synchronized void write() {
        if (ROWS.isEmpty()) {
            return;
        }
        StringBuilder table = new StringBuilder();
        table.append("[cols=\"3,2,2,1,3,3\",options=\"header\"]\n|===\n")
                .append("| Fault | Strategy | Client's answer | Store (org) | Subscribers, by event id | Org's view\n");
        ROWS.forEach((fault, byStrategy) -> {
            table.append("\n.").append(byStrategy.size()).append("+| ").append(fault).append('\n');
            byStrategy.forEach((strategy, row) -> table
                    .append("| ").append(strategy).append(row.knownLimitation() ? " (known limitation)" : "")
                    .append(" | `").append(row.client()).append("` | ").append(row.store())
                    .append(" | ").append(mark(row.subscribers(), "got every stored event and nothing else"))
                    .append(" | ").append(mark(row.view(), "is the fold of its stream")).append('\n'));
        });
        table.append("|===\n");
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is as it should be reads plainly; what is not is in bold. */
    private static String mark(String outcome, String sound) {
        // An event that can never be decoded is parked by design, with an alarm: that is sound too.
        return outcome.equals(sound) || outcome.equals("got every stored event but the parked one") ? outcome
                : "*" + outcome + "*";
    }
}
