package cqrs.workbook.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** make load's chart: answers per second against the target, and answer latency (p50, p99), second by second. */
final class LoadChart {

    private LoadChart() {}

    static String svg(JsonNode report) {
        List<double[]> rate = new ArrayList<>();
        List<double[]> target = new ArrayList<>();
        List<double[]> p50 = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (JsonNode s : report.path("many").path("timeline")) {
            double t = s.path("second").asDouble();
            rate.add(new double[] {t, s.path("answeredPerSecond").asDouble()});
            target.add(new double[] {t, s.path("targetPerSecond").asDouble()});
            p50.add(new double[] {t, s.path("answerP50Ms").asDouble()});
            p99.add(new double[] {t, s.path("answerP99Ms").asDouble()});
        }
        String title = "make load, many streams: " + (report.path("emulator").asBoolean()
                ? "emulator figures (make run on the build machine, moto), not AWS" : report.path("base").asText());
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"460\" viewBox=\"0 0 720 460\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"));
        svg.append(text(10, 20, "start", title, true));
        panel(svg, 40, "commands answered per second (step average) and the target", List.of(target, rate),
                new String[] {"target", "answered"}, "/s");
        panel(svg, 250, "answer latency, ms (over the step so far)", List.of(p50, p99), new String[] {"p50", "p99"}, " ms");
        return svg.append("</svg>\n").toString();
    }

    private static final String[] COLOURS = {"#999999", "#4c78a8", "#f58518"};

    private static void panel(StringBuilder svg, int top, String title, List<List<double[]>> series, String[] names, String unit) {
        int left = 70;
        int width = 600;
        int height = 150;
        double maxX = series.stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        double maxY = Math.max(1, series.stream().flatMap(List::stream).mapToDouble(p -> p[1]).filter(Double::isFinite).max().orElse(1) * 1.1);
        svg.append(text(left, top + 4, "start", title, false));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                left, top + 10, width, height));
        for (int i = 0; i <= 4; i++) {
            double y = maxY * i / 4;
            int py = top + 10 + height - (int) (height * i / 4.0);
            svg.append(text(left - 6, py + 4, "end", String.format(Locale.ROOT, "%.0f%s", y, unit), false));
        }
        svg.append(text(left + width, top + height + 26, "end", String.format(Locale.ROOT, "%.0f s", maxX), false));
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (double[] p : series.get(s)) {
                if (!Double.isFinite(p[1])) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + p[0] / Math.max(1, maxX) * width,
                        top + 10 + height - p[1] / maxY * height));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().strip(), COLOURS[s + (series.size() == 2 && names[0].equals("target") ? 0 : 1)]));
            int lx = left + 10 + s * 120;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", lx, top + height + 16,
                    COLOURS[s + (names[0].equals("target") ? 0 : 1)]));
            svg.append(text(lx + 16, top + height + 26, "start", names[s], false));
        }
    }

    private static String text(int x, int y, String anchor, String content, boolean bold) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s>%s</text>%n", x, y, anchor,
                bold ? " font-weight=\"bold\"" : "", escaped);
    }
}
