package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bench's charts, as small hand-written SVG: horizontal bars and a log-scale line chart. */
final class Charts {

    private Charts() {}

    static void write(JsonNode results, Path dir) throws IOException {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (JsonNode row : results.path("coldStart").path("variants")) {
            labels.add(row.path("label").asText());
            values.add(new double[] {row.path("toFirstAnswerMedianMs").asDouble()});
        }
        // One bar a variant: the median of the very figure the table gives, not a sum of medians.
        Files.writeString(dir.resolve("cold-start.svg"), stackedBars(
                "Process start to the first answered POST /orgs (median ms, 0.58 vCPU; emulator on the build machine)",
                labels, values, new String[] {"median, process start to first answer"}));
        List<double[]> whole = new ArrayList<>();
        List<double[]> latest = new ArrayList<>();
        for (JsonNode row : results.path("replay").path("rows")) {
            whole.add(new double[] {row.path("events").asDouble(), row.path("wholeMedianMs").asDouble()});
            latest.add(new double[] {row.path("events").asDouble(), row.path("latestMedianMs").asDouble()});
        }
        Files.writeString(dir.resolve("replay.svg"), logLines(
                "Reading a stream back (median ms, log-log; emulator on the build machine)", "events in the stream",
                List.of("whole stream", "from the latest restating event"), List.of(whole, latest)));
        List<String> rateLabels = new ArrayList<>();
        List<double[]> lags = new ArrayList<>();
        for (JsonNode row : results.path("projectionLag").path("rates")) {
            rateLabels.add(String.format(Locale.ROOT, "%d commands/s", row.path("targetPerSecond").asInt()));
            // An event never projected makes a percentile infinite: the bar then stops at the slowest projected one.
            double cap = Double.isFinite(row.path("maxProjectedMs").asDouble()) ? row.path("maxProjectedMs").asDouble() : 0;
            double p50 = Math.min(row.path("p50Ms").asDouble(), cap);
            double p99 = Math.min(row.path("p99Ms").asDouble(), cap);
            lags.add(new double[] {p50, p99 - p50});
        }
        Files.writeString(dir.resolve("lag.svg"), stackedBars(
                "Projection lag: command answered to view written (ms; emulator on the build machine)",
                rateLabels, lags, new String[] {"p50", "p50 to p99"}));
    }

    private static final String[] COLOURS = {"#4c78a8", "#f58518", "#54a24b"};

    static String stackedBars(String title, List<String> labels, List<double[]> values, String[] parts) {
        // As narrow as the labels and the title allow: the PDF scales a figure to its box, and
        // its 12 px text must stay legible (7.5 pt) in a box of 80% of the A4 text width.
        int labelWidth = 12 + (int) Math.ceil(6.6 * labels.stream().mapToInt(String::length).max().orElse(0));
        int chartWidth = 320;
        int width = Math.max(labelWidth + chartWidth + 80, 20 + (int) Math.ceil(7 * title.length()));
        int row = 24;
        int top = 40;
        int height = top + row * labels.size() + 40;
        double max = values.stream().mapToDouble(v -> java.util.Arrays.stream(v).sum()).max().orElse(1);
        StringBuilder svg = header(width, height, title);
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * row;
            svg.append(text(labelWidth - 6, y + 15, "end", labels.get(i)));
            double x = labelWidth;
            double total = 0;
            for (int p = 0; p < parts.length; p++) {
                double w = values.get(i)[p] / max * chartWidth;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                        x, y + 3, Math.max(0, w), row - 6, COLOURS[p]));
                x += Math.max(0, w);
                total += values.get(i)[p];
            }
            svg.append(text((int) x + 6, y + 15, "start", String.format(Locale.ROOT, "%.0f", total)));
        }
        legend(svg, parts, labelWidth, height - 20);
        return svg.append("</svg>\n").toString();
    }

    static String logLines(String title, String xLabel, List<String> names, List<List<double[]>> series) {
        int left = 70;
        int width = 520;
        int top = 40;
        int plot = 260;
        double minX = 1;
        double maxX = series.stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(10);
        double minY = Math.max(0.1, series.stream().flatMap(List::stream).mapToDouble(p -> p[1]).min().orElse(1) / 2);
        double maxY = series.stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(10) * 2;
        StringBuilder svg = header(left + width + 40, top + plot + 80, title);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                left, top, width, plot));
        for (double x = minX; x <= maxX * 1.01; x *= 10) {
            double px = left + Math.log10(x / minX) / Math.log10(maxX / minX) * width;
            svg.append(text((int) px, top + plot + 16, "middle", String.format(Locale.ROOT, "%,.0f", x)));
        }
        for (double y = Math.pow(10, Math.floor(Math.log10(minY))); y <= maxY; y *= 10) {
            if (y < minY) {
                continue;
            }
            double py = top + plot - Math.log10(y / minY) / Math.log10(maxY / minY) * plot;
            svg.append(text(left - 6, (int) py + 4, "end", String.format(Locale.ROOT, "%s ms", y >= 1 ? String.format(Locale.ROOT, "%.0f", y) : String.valueOf(y))));
        }
        svg.append(text(left + width / 2, top + plot + 34, "middle", xLabel));
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (double[] p : series.get(s)) {
                double px = left + Math.log10(p[0] / minX) / Math.log10(maxX / minX) * width;
                double py = top + plot - Math.log10(Math.max(minY, p[1]) / minY) / Math.log10(maxY / minY) * plot;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, COLOURS[s]));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().strip(), COLOURS[s]));
        }
        legend(svg, names.toArray(String[]::new), left, top + plot + 60);
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(int width, int height, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(10, 20, "start", title).replace("<text ", "<text font-weight=\"bold\" "));
        return svg;
    }

    private static void legend(StringBuilder svg, String[] names, int x, int y) {
        for (int i = 0; i < names.length; i++) {
            int lx = x + i * 200;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", lx, y - 10, COLOURS[i]));
            svg.append(text(lx + 16, y, "start", names[i]));
        }
    }

    private static String text(int x, int y, String anchor, String content) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escaped);
    }
}
