package cqrs.workbook.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long views took to show a command's version: from the command's answer to the first
 * query that showed it. Observed over the run and reported at its end, never asserted.
 */
final class ProjectionLag {

    private static final List<Long> MILLIS = Collections.synchronizedList(new ArrayList<>());

    private ProjectionLag() {}

    static void record(long millis) {
        MILLIS.add(millis);
    }

    static void report() {
        List<Long> sorted = new ArrayList<>(MILLIS);
        if (sorted.isEmpty()) {
            return;
        }
        Collections.sort(sorted);
        String line = String.format("Projection lag over %d waits: median %d ms, worst %d ms%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.getLast());
        System.out.print(line);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/projection-lag.txt"), line);
        } catch (IOException ignored) {
            // the line is printed anyway
        }
    }
}
