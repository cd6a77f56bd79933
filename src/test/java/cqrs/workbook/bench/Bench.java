package cqrs.workbook.bench;

import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.Backends;
import cqrs.workbook.emulator.EventSourceMapping;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.TestAws;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code make bench}: what the design costs, measured on this machine and printed as a
 * table (also in target/bench/results.txt). Numbers, never assertions: the tests do not
 * depend on them.
 * <ol>
 * <li>replaying a stream in memory, by length: the fold-left itself;</li>
 * <li>reading a stream back from the event store: all of it, or from the latest event that
 *     restates the state;</li>
 * <li>commands through the real handler against the emulator, and how long the view took.</li>
 * </ol>
 */
public final class Bench {

    private static final List<String> LINES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        line("cqrs-workbook bench, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version());
        replayInMemory();
        try (AwsBackend backend = Backends.start(Path.of("target"))) {
            TestAws aws = TestAws.connect(backend);
            Resources resources = Resources.create(aws);
            line("AWS backend: " + backend);
            Map<String, String> env = resources.lambdaEnvironment(backend, "b".repeat(64));
            LambdaInvoker lambda = new LambdaInvoker(
                    new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of())));
            readBack(aws, resources, lambda);
            commandsAndLag(aws, resources, lambda, backend);
            resources.close();
        }
        Files.createDirectories(Path.of("target/bench"));
        Files.write(Path.of("target/bench/results.txt"), LINES);
    }

    private static void replayInMemory() {
        OtpDecider decider = new OtpDecider();
        line("");
        line("1. Replay in memory (fold-left of OTP events), median of 15 runs");
        line(String.format("%10s %14s %14s", "events", "µs per replay", "events per µs"));
        for (int length : new int[] {10, 100, 1_000, 10_000}) {
            List<OtpEvent> stream = otpStream(length);
            for (int warm = 0; warm < 2_000_000 / length; warm++) {
                decider.replay(stream);
            }
            double[] micros = new double[15];
            int repeat = Math.max(1, 200_000 / length);
            for (int run = 0; run < micros.length; run++) {
                long start = System.nanoTime();
                for (int i = 0; i < repeat; i++) {
                    decider.replay(stream);
                }
                micros[run] = (System.nanoTime() - start) / 1_000.0 / repeat;
            }
            double median = median(micros);
            line(String.format("%10d %14.2f %14.1f", length, median, length / median));
        }
    }

    private static List<OtpEvent> otpStream(int length) {
        List<OtpEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        CodeHash hash = new CodeHash("1", "ab".repeat(32));
        while (events.size() < length) {
            events.add(new OtpEvent.OtpIssued("id" + events.size(), hash, t, t.plusSeconds(300), List.of(t)));
            events.add(new OtpEvent.OtpAttemptFailed("id", 2, t));
            events.add(new OtpEvent.OtpVerified("id", t));
            t = t.plusSeconds(3600);
        }
        return events.subList(0, length);
    }

    // tag::read-back-bench[]
    private static void readBack(TestAws aws, Resources resources, LambdaInvoker lambda) {
        line("");
        line("2. Reading an org's stream back from DynamoDB, median of 30 reads");
        line(String.format("%10s %22s %22s", "events", "whole stream (ms)", "from latest (ms, items)"));
        EventStore store = new EventStore(aws.dynamo(), resources.eventsTable);
        for (int length : new int[] {1, 10, 100}) {
            String id = register(lambda, "Bench " + length);
            for (int v = 2; v <= length; v++) {
                lambda.http("PUT", "/orgs/" + id, Map.of("Content-Type", "application/json"), profile("Bench v" + v));
            }
            String stream = "org#" + id;
            double[] whole = new double[30];
            double[] latest = new double[30];
            int items = 0;
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                store.readStream(stream);
                whole[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                items = store.readFromLatest(stream, e -> !e.type().equals("OrgContactVerified")).size();
                latest[i] = (System.nanoTime() - start) / 1e6;
            }
            line(String.format("%10d %22.2f %17.2f, %3d", length, median(whole), median(latest), items));
        }
    }
    // end::read-back-bench[]

    private static void commandsAndLag(TestAws aws, Resources resources, LambdaInvoker lambda, AwsBackend backend)
            throws Exception {
        line("");
        line("3. Commands through the handler, and the projection's lag (200 each)");
        try (EventSourceMapping projection = new EventSourceMapping("projection", aws.sqs(),
                resources.projectionQueue.url(), resources.projectionQueue.arn(), backend.region().id(), lambda)) {
            double[] register = new double[200];
            double[] update = new double[200];
            double[] lag = new double[200];
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                String id = register(lambda, "Lag " + i);
                register[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                lambda.http("PUT", "/orgs/" + id, Map.of("Content-Type", "application/json"), profile("Lag " + i + " v2"));
                long answered = System.nanoTime();
                update[i] = (answered - start) / 1e6;
                Exchange view;
                do {
                    view = lambda.http("GET", "/orgs/" + id, Map.of("If-None-Match", "\"1\""), null);
                } while (view.status() != 200 || !view.body().contains("\"version\":2"));
                lag[i] = (System.nanoTime() - answered) / 1e6;
            }
            line(String.format("%-28s %8s %8s %8s", "", "p50 ms", "p95 ms", "max ms"));
            row("POST /orgs (register)", register);
            row("PUT /orgs/{id} (update)", update);
            row("update answered -> view v2", lag);
        }
    }

    private static String register(LambdaInvoker lambda, String name) {
        Exchange answer = lambda.http("POST", "/orgs", Map.of("Content-Type", "application/json"), profile(name));
        if (answer.status() != 201) {
            throw new IllegalStateException("register failed: " + answer.body());
        }
        return answer.json().path("id").asText();
    }

    private static String profile(String name) {
        return "{\"name\": \"" + name + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}";
    }

    private static void row(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        line(String.format("%-28s %8.1f %8.1f %8.1f", what, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.95)], sorted[sorted.length - 1]));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void line(String text) {
        System.out.println(text);
        LINES.add(text);
    }
}
