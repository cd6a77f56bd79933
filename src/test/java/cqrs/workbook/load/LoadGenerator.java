package cqrs.workbook.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make load}: commands at a target rate over many streams, as independent callers
 * would send them, against {@code make run} or any {@code BASE} URL. It reports the rate
 * achieved, how long answers took (p50, p99), and how long an accepted org command took to
 * show in its view (projection lag, polled from outside as a client sees it). A second
 * shape puts many writers on one stream: its optimistic lock makes them take turns.
 * Bounded in commands and in time; a BASE that is not this machine needs {@code ALLOW_REMOTE=1}.
 * Run against {@code make run}, every figure is the emulator's, and the report says so.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path OUT = Path.of("target/load");

    private final URI base;
    private final boolean local;
    private final HttpClient http;
    private final Random random = new Random();
    /** +6595000000 to +6597999999: valid Singapore mobiles (libphonenumber), apart from make bench's. */
    private static final long FIRST_PHONE = 95_000_000L;
    private static final long PHONE_RANGE = 3_000_000L;
    private static final long PHONES_PER_SECOND = 50;
    private static final Pattern SIGN_IN_TEXT = Pattern.compile("(?s)Your sign-in code is ([0-9]{6})\\..*");
    private final AtomicLong phones = new AtomicLong(java.time.Instant.now().getEpochSecond() * PHONES_PER_SECOND);
    private final AtomicLong names = new AtomicLong();
    private String token;

    private LoadGenerator(URI base, boolean local) {
        this.base = base;
        this.local = local;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
    }

    static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name.toLowerCase(Locale.ROOT), otherwise) : value;
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(env("BASE", "http://127.0.0.1:" + env("PORT", "8080")));
        boolean loopback = InetAddress.getByName(base.getHost()).isLoopbackAddress();
        if (!loopback && !"1".equals(env("ALLOW_REMOTE", ""))) {
            System.err.println(base + " is not this machine: set ALLOW_REMOTE=1 to send load to it (it costs money there).");
            System.exit(2);
        }
        LoadGenerator load = new LoadGenerator(base, loopback);
        List<Integer> rates = Arrays.stream(env("RATES", "5,10,20,40").split(",")).map(String::strip).map(Integer::parseInt).toList();
        int step = Integer.parseInt(env("STEP_SECONDS", "10"));
        int streams = Integer.parseInt(env("STREAMS", "40"));
        int maxCommands = Integer.parseInt(env("MAX_COMMANDS", "3000"));
        int writers = Integer.parseInt(env("WRITERS", "8"));
        int hotSeconds = Integer.parseInt(env("HOT_SECONDS", "10"));
        Map<String, Double> mix = mix(env("MIX", "update=6,register=1,otpIssue=2,signIn=1"));
        String shape = env("SHAPE", "both");
        if (!loopback && mix.containsKey("signIn")) {
            System.err.println("a deployed stack's texts cannot be read back: leave signIn out of MIX, and pass TOKEN=");
            System.exit(2);
        }
        ObjectNode report = JSON.createObjectNode();
        report.put("base", base.toString()).put("emulator", loopback)
                .put("figures", loopback ? "emulator figures: make run on this machine (moto, one JVM), not AWS" : "measured against " + base)
                .put("date", java.time.Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors());
        System.out.printf("load against %s (%s)%n", base, report.path("figures").asText());
        load.signIn();
        if (!shape.equals("hot")) {
            load.many(report.putObject("many"), rates, step, streams, maxCommands, mix);
        }
        if (!shape.equals("many")) {
            // One writer first: what the stream carries without a conflict, to hold the many writers against.
            load.hot(report.putObject("hotSingleWriter"), 1, hotSeconds, maxCommands);
            load.hot(report.putObject("hot"), writers, hotSeconds, maxCommands);
        }
        // Flat keys, as make bench's results.json names them.
        report.put("load.sustainedPerSecond", report.path("many").path("sustainedPerSecond").asDouble());
        report.put("load.answerP99Ms", report.path("many").path("answerP99Ms").asDouble());
        report.put("load.lagP99Ms", report.path("many").path("lagP99Ms").asDouble());
        report.put("hotStream.commandsPerSecond", report.path("hot").path("commandsPerSecond").asDouble());
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("load.json"), JSON.writeValueAsString(report));
        Files.writeString(OUT.resolve("load.svg"), LoadChart.svg(report));
        System.out.printf("wrote %s and %s%n", OUT.resolve("load.json"), OUT.resolve("load.svg"));
        System.exit(0);
    }

    static Map<String, Double> mix(String mix) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : mix.split(",")) {
            String[] kv = part.strip().split("=");
            if (!List.of("update", "register", "otpIssue", "signIn").contains(kv[0])) {
                throw new IllegalArgumentException("MIX knows update, register, otpIssue, signIn; not " + kv[0]);
            }
            weights.put(kv[0], Double.parseDouble(kv[1]));
        }
        return weights;
    }

    // ------------------------------------------------------------------ many streams

    /** One answer: what was sent, how long the answer took, its status. */
    record Answer(String command, int status, double ms, JsonNode body) {}

    private void many(ObjectNode out, List<Integer> rates, int stepSeconds, int streams,
            int maxCommands,
                      Map<String, Double> mix) throws Exception {
        List<String> orgs = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < streams; i++) {
            orgs.add(send("register", "POST", "/orgs", profile()).body().path("id").asText());
        }
        out.put("streams", streams).put("stepSeconds", stepSeconds).put("mix", mix.toString());
        ArrayNode steps = out.putArray("steps");
        ArrayNode timeline = out.putArray("timeline");
        // independent callers: a slow answer holds no one back
        ExecutorService callers = Executors.newFixedThreadPool(64);
        ExecutorService lagProbes = Executors.newFixedThreadPool(2);
        // lag is sampled: at most 16 views watched at once
        Semaphore probesInFlight = new Semaphore(16);
        AtomicInteger sentTotal = new AtomicInteger();
        double sustained = 0;
        long start = System.nanoTime();
        for (int rate : rates) {
            List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
            List<Double> lags = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger lagTimeouts = new AtomicInteger();
            long interval = 1_000_000_000L / rate;
            long stepStart = System.nanoTime();
            long next = stepStart;
            long end = stepStart + stepSeconds * 1_000_000_000L;
            long nextReport = stepStart + 1_000_000_000L;
            int sent = 0;
            List<java.util.concurrent.Future<?>> inFlight = new ArrayList<>();
            while (System.nanoTime() < end && sentTotal.get() < maxCommands) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += interval;
                sent++;
                sentTotal.incrementAndGet();
                String command = pick(mix);
                String org = orgs.get(random.nextInt(orgs.size()));
                inFlight.add(callers.submit(() -> {
                    Answer answer = run(command, org);
                    answers.add(answer);
                    long answeredAt = System.nanoTime();
                    if (answer.status() / 100 == 2 && answer.body().has("version")
                            && command.equals("update") && probesInFlight.tryAcquire()) {
                        lagProbes.submit(() -> {
                            try {
                                double lag = lag(org, answer.body().path("version").asLong(),
                                        answeredAt);
                                if (lag < 0) {
                                    lagTimeouts.incrementAndGet();
                                } else {
                                    lags.add(lag);
                                }
                            } finally {
                                probesInFlight.release();
                            }
                        });
                    }
                    return null;
                }));
                if (System.nanoTime() >= nextReport) {
                    nextReport += 1_000_000_000L;
                    double t = (System.nanoTime() - start) / 1e9;
                    double[] ms = latencies(answers);
                    timeline.addObject().put("second", Math.round(t)).put("targetPerSecond", rate)
                            .put("answeredPerSecond",
                                    answers.size() / ((System.nanoTime() - stepStart) / 1e9))
                            .put("answerP50Ms", percentile(ms, 0.5)).put("answerP99Ms",
                                    percentile(ms, 0.99));
                    System.out.printf(Locale.ROOT, "\rmany streams  %3.0f s  target %3d/s  "
                                    + "sent %5d  answered %5d  p50 %6.1f ms  p99 %7.1f ms  "
                                    + "lag p99 %7.1f ms   ",
                            t, rate, sent, answers.size(), percentile(ms, 0.5), percentile(ms, 0.99),
                            percentile(sorted(lags), 0.99));
                }
            }
            for (var f : inFlight) {
                f.get(60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            probesInFlight.acquire(16); // every lag probe of this step has ended
            probesInFlight.release(16);
            double[] ms = latencies(answers);
            double[] lag = sorted(lags);
            long errors = answers.stream().filter(a -> a.status() / 100 != 2).count();
            Map<String, Long> statuses = new java.util.TreeMap<>();
            answers.forEach(a -> statuses.merge(a.command() + " " + a.status(), 1L, Long::sum));
            double achieved = answers.size() / seconds;
            ObjectNode row = steps.addObject().put("targetPerSecond", rate).put("achievedPerSecond",
                    round(achieved))
                    .put("commands", answers.size()).put("errors", errors)
                    .put("answerP50Ms", round(percentile(ms, 0.5))).put("answerP99Ms",
                            round(percentile(ms, 0.99)))
                    .put("lagSamples", lag.length).put("lagTimeouts", lagTimeouts.get())
                    .put("lagP50Ms", round(percentile(lag, 0.5))).put("lagP99Ms",
                            round(percentile(lag, 0.99)));
            row.set("statuses", JSON.valueToTree(statuses));
            System.out.printf(Locale.ROOT, "%nmany streams  step %d/s: achieved %.1f/s, "
                            + "%d commands, %d errors, answer p50 %.1f p99 %.1f ms, "
                            + "lag p50 %.1f p99 %.1f ms (%d samples)%n",
                    rate, achieved, answers.size(), errors, percentile(ms, 0.5), percentile(ms, 0.99),
                    percentile(lag, 0.5), percentile(lag, 0.99), lag.length);
            // Sustained: the rate was met (90 %), nothing failed, every sampled event reached its view.
            if (achieved >= 0.9 * rate && errors == 0 && lagTimeouts.get() == 0) {
                sustained = achieved;
                out.put("sustainedPerSecond", round(achieved)).put("answerP99Ms",
                        round(percentile(ms, 0.99)))
                        .put("lagP99Ms", round(percentile(lag, 0.99))).put("atTargetPerSecond", rate);
            }
            if (sentTotal.get() >= maxCommands) {
                System.out.println("many streams  MAX_COMMANDS reached: later steps skipped");
                break;
            }
        }
        if (sustained == 0) {
            out.put("sustainedPerSecond", 0);
        }
        callers.shutdown();
        lagProbes.shutdown();
    }

    private Answer run(String command, String org) {
        return switch (command) {
            case "update" -> send("update", "PUT", "/orgs/" + org, profile());
            case "register" -> send("register", "POST", "/orgs", profile());
            case "otpIssue" -> send("otpIssue", "POST", "/otp", "{\"phone\": \"" + freshPhone() + "\"}");
            case "signIn" -> signInOnce();
            default -> throw new IllegalArgumentException(command);
        };
    }

    /**
     * A code asked for, read from the text the local runner's tester phone received, then
     * verified under the otpId that asking answered: the verify is what is timed.
     */
    private Answer signInOnce() {
        String phone = freshPhone();
        Answer issued = send("otpIssue", "POST", "/otp", "{\"phone\": \"" + phone + "\"}");
        if (issued.status() != 201) {
            return new Answer("signIn", issued.status(), issued.ms(), issued.body());
        }
        String otpId = issued.body().path("otpId").asText();
        return send("signIn", "POST", "/otp/verify",
                "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId + "\", \"code\": \"" + code(phone) + "\"}");
    }

    /** Polls the view until it shows {@code version}: ms from the answer, or -1 after 30 s. */
    private double lag(String org, long version, long answeredAt) {
        long deadline = answeredAt + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> view = http.send(request("GET", "/orgs/" + org, null), HttpResponse.BodyHandlers.ofString());
                if (view.statusCode() == 200 && JSON.readTree(view.body()).path("version").asLong() >= version) {
                    return (System.nanoTime() - answeredAt) / 1e6;
                }
                Thread.sleep(5); // between two reads of the view, as a polling client does
            } catch (IOException e) {
                // a refused read counts as not seen yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ one hot stream

    /**
     * Many writers, one org: each sends changed profiles as fast as its answers come back.
     * The handler reads, decides and puts on the condition that the version is free; a writer
     * that loses the race has its command decided again on the new state, and only when
     * that keeps failing does it answer 409. The stream's throughput is what the lock lets through.
     */
    private void hot(ObjectNode out, int writers, int seconds, int maxCommands) throws Exception {
        String org = send("register", "POST", "/orgs", profile()).body().path("id").asText();
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            pool.submit(() -> {
                while (System.nanoTime() < end && sent.incrementAndGet() <= maxCommands) {
                    answers.add(send("hotUpdate", "PUT", "/orgs/" + org, profile()));
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            double[] ms = latencies(answers);
            System.out.printf(Locale.ROOT, "\rhot stream    %3.0f s  %d writer(s)  "
                            + "answered %5d  p50 %6.1f ms  p99 %7.1f ms   ",
                    (System.nanoTime() - start) / 1e9, writers, answers.size(), percentile(ms, 0.5),
                    percentile(ms, 0.99));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long accepted = answers.stream().filter(a -> a.status() == 200).count();
        long conflicts = answers.stream().filter(a -> a.status() == 409).count();
        long other = answers.size() - accepted - conflicts;
        // Every accepted command is one more event: the view ends
        // at version 1 + accepted, once projected.
        long version = 0;
        long viewDeadline = System.nanoTime() + 30_000_000_000L;
        while (version < 1 + accepted && System.nanoTime() < viewDeadline) {
            version = send("view", "GET", "/orgs/" + org, null).body().path("version").asLong();
            Thread.sleep(20); // between two reads of the view, as a polling client does
        }
        double[] ms = answers.stream().filter(a -> a.status() == 200)
                .mapToDouble(Answer::ms).sorted().toArray();
        out.put("writers", writers).put("seconds", round(elapsed)).put("commands", answers.size())
                .put("accepted", accepted).put("conflicts409", conflicts).put("otherErrors", other)
                .put("commandsPerSecond", round(accepted / elapsed))
                .put("answerP50Ms", round(percentile(ms, 0.5))).put("answerP99Ms",
                        round(percentile(ms, 0.99)))
                .put("versionInView", version).put("expectedVersion", 1 + accepted);
        System.out.printf(Locale.ROOT, "%nhot stream    %d writer(s) on one org: "
                        + "%.1f accepted commands/s (%d accepted, %d answered 409, %d other), "
                        + "answer p50 %.1f p99 %.1f ms; the view shows version %d of %d expected%n",
                writers, accepted / elapsed, accepted, conflicts, other, percentile(ms, 0.5),
                percentile(ms, 0.99), version, 1 + accepted);
    }

    // ------------------------------------------------------------------ HTTP

    private void signIn() throws Exception {
        String given = env("TOKEN", "");
        if (!given.isBlank()) {
            token = given;
            return;
        }
        if (!local) {
            throw new IllegalStateException("against a deployed stack, sign in yourself and pass TOKEN=<the token>");
        }
        Answer verified = signInOnce();
        if (verified.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + verified.status() + " " + verified.body());
        }
        token = verified.body().path("token").asText();
    }

    /** The code of the last sign-in text the phone received (sent before POST /otp answered), or a code that fails. */
    private String code(String phone) {
        try {
            HttpResponse<String> sms = http.send(request("GET", "/_local/sms?phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8), null),
                    HttpResponse.BodyHandlers.ofString());
            String code = "000000";
            for (JsonNode message : JSON.readTree(sms.body())) {
                Matcher text = SIGN_IN_TEXT.matcher(message.path("message").asText());
                if (text.matches()) {
                    code = text.group(1);
                }
            }
            return code;
        } catch (IOException | RuntimeException e) {
            return "000000";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "000000";
        }
    }

    private Answer send(String command, String method, String path, String body) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - start) / 1e6;
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(command, response.statusCode(), ms, json);
        } catch (IOException e) {
            return new Answer(command, 599, (System.nanoTime() - start) / 1e6, JSON.createObjectNode().put("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(command, 599, (System.nanoTime() - start) / 1e6, JSON.createObjectNode());
        }
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(base.getPath().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null && path.startsWith("/orgs") && !method.equals("GET")) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private String profile() {
        return "{\"name\": \"Load " + names.incrementAndGet() + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}";
    }

    /**
     * A Singapore mobile number that gets one text: the budgets are 3 codes per phone per 10
     * minutes and 10 texts per 24 hours, so load spread over phones never meets them. Runs
     * start where the wall clock points, {@value #PHONES_PER_SECOND} numbers further each
     * second, so a run that texts fewer phones a second than that never reaches a number an
     * earlier run texted, until the range comes round again after some 16 hours.
     */
    private String freshPhone() {
        return "+65" + (FIRST_PHONE + Math.floorMod(phones.getAndIncrement(), PHONE_RANGE));
    }

    private String pick(Map<String, Double> mix) {
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        double r = random.nextDouble() * total;
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        return mix.keySet().iterator().next();
    }

    private static double[] latencies(List<Answer> answers) {
        synchronized (answers) {
            return answers.stream().mapToDouble(Answer::ms).sorted().toArray();
        }
    }

    private static double[] sorted(List<Double> values) {
        synchronized (values) {
            return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
    }

    private static double round(double value) {
        return Double.isNaN(value) ? 0 : Math.round(value * 10) / 10.0;
    }
}
