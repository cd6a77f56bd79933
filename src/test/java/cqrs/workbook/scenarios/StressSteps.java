package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.projection.Views;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The bounded stress run: many concurrent commands, then the whole store checked. */
public final class StressSteps {

    /** A command sent and its answer. */
    private record Sent(String kind, String target, Exchange answer) {}

    private final World world;
    private final FaultSteps faults;
    private final List<String> orgIds = new ArrayList<>();
    private final List<String> phones = List.of("+6591230001", "+6591230002", "+6591230003");
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    /** The otpId each phone was answered last: wrong codes are typed for it, as its owner would. */
    private final Map<String, String> otpIds = new ConcurrentHashMap<>();
    private long millis;
    private int conflictsBefore;

    public StressSteps(World world, FaultSteps faults) {
        this.world = world;
        this.faults = faults;
    }

    @Given("{int} orgs registered for the load")
    public void orgs(int count) {
        for (int i = 1; i <= count; i++) {
            Exchange answer = world.sendJson("POST", "/orgs", OrgSteps.profile("Load " + i + " Pte Ltd", "Singapore", "SG"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            orgIds.add(answer.json().path("id").asText());
        }
        world.orgId = orgIds.getFirst();
    }

    @When("{int} clients send {int} commands at once: profile replacements for the orgs,"
            + " code requests and wrong codes for {int} phones")
    public void load(int clients, int commands, int phoneCount) throws Exception {
        conflictsBefore = world.env.calls.versionsTaken();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                start.await();
                send(n, phoneCount);
                return null;
            }));
        }
        long started = System.nanoTime();
        start.countDown();
        for (Future<?> future : done) {
            future.get(120, TimeUnit.SECONDS);
        }
        millis = (System.nanoTime() - started) / 1_000_000;
        pool.shutdown();
    }

    /**
     * Half the commands replace an org's profile; of the rest, a quarter ask a phone for a
     * code, the others try a wrong one.
     */
    private void send(int n, int phoneCount) {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        if (n % 2 == 0) {
            String orgId = orgIds.get(n / 2 % orgIds.size());
            Map<String, String> owner = Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + world.token);
            sent.add(new Sent("replace", "org#" + orgId, world.http("PUT", "/orgs/" + orgId,
                    owner, OrgSteps.profile("Load " + n + " Pte Ltd", "Singapore", "SG"))));
        } else {
            int k = n / 2;
            String phone = phones.get(k % phoneCount);
            boolean issue = k / phoneCount % 4 == 0; // every fourth command of a phone asks for a code

            if (issue) {
                Exchange answer = world.http("POST", "/otp", json,
                        "{\"phone\": \"" + phone + "\"}");
                if (answer.status() == 201) {
                    otpIds.put(phone, answer.json().path("otpId").asText());
                }
                sent.add(new Sent("issue", "otp#" + phone, answer));
            } else {
                String otpId = otpIds.getOrDefault(phone, java.util.UUID.randomUUID().toString());
                String body = "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId
                        + "\", \"code\": \"000000\"}";
                sent.add(new Sent("wrong", "otp#" + phone,
                        world.http("POST", "/otp/verify", json, body)));
            }
        }
    }

    @Then("every answer is one the contract names, and none is a 5xx")
    public void answers() {
        assertThat(sent).extracting(s -> s.answer().status())
                .allMatch(status -> List.of(200, 201, 404, 409, 410, 422, 423, 429).contains(status));
    }

    @Then("every stream holds versions 1 to its last, without gap or duplicate")
    public void noGaps() {
        streams().forEach((stream, items) -> assertThat(items.stream().map(i -> Long.parseLong(i.get("version").n())).toList())
                .as(stream).isEqualTo(LongStream.rangeClosed(1, items.size()).boxed().toList()));
    }

    @Then("every view is the fold of its stream")
    public void viewsAreFolds() {
        world.awaitQueuesDrained();
        streams().forEach((stream, items) -> {
            if (Aggregates.ORG.owns(stream)) {
                ObjectNode fold = null;
                for (Map<String, AttributeValue> item : items) {
                    fold = Views.org(fold, Aggregates.ORG.idOf(stream),
                            Aggregates.ORG.codec().fromStoredJson(item.get("type").s(), item.get("payload").s()));
                }
                fold.put("version", items.size());
                assertThat(view(stream)).as(stream).isEqualTo(World.json(fold.toString()));
                return;
            }
            // A stream of codes: one view per code, folded from the events that concern it.
            List<cqrs.workbook.otp.OtpEvent> events = items.stream().map(item -> Aggregates.OTP.codec()
                    .fromStoredJson(item.get("type").s(), item.get("payload").s())).toList();
            events.stream().map(cqrs.workbook.otp.OtpEvent::otpId).distinct().forEach(otpId -> {
                ObjectNode fold = null;
                long version = 0;
                for (int i = 0; i < events.size(); i++) {
                    ObjectNode next = Views.otpCode(fold, otpId, events.get(i));
                    if (next != fold) {
                        fold = next;
                        version = i + 1;
                    }
                }
                fold.put("version", version);
                assertThat(view(Views.otpCodeKey(otpId))).as(stream + " " + otpId).isEqualTo(World.json(fold.toString()));
            });
        });
    }

    private com.fasterxml.jackson.databind.JsonNode view(String id) {
        Map<String, AttributeValue> view = world.env.aws.dynamo().getItem(g -> g.tableName(world.env.resources.viewsTable)
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
        return World.json(view.get("document").s());
    }

    @Then("no phone had more than 3 codes accepted in 10 minutes, nor more than 2 wrong codes answered 422 per code")
    public void otpRules() {
        for (String phone : phones) {
            String stream = "otp#" + phone;
            List<String> types = world.stream(stream).stream().map(i -> i.get("type").s()).toList();
            long issued = types.stream().filter("OtpIssued"::equals).count();
            long accepted = sent.stream().filter(s -> s.kind().equals("issue") && s.target().equals(stream)
                    && s.answer().status() == 201).count();
            long answered422 = sent.stream().filter(s -> s.target().equals(stream) && s.answer().status() == 422).count();
            assertThat(accepted).as(phone + " codes accepted").isLessThanOrEqualTo(3).isEqualTo(issued);
            assertThat(answered422).as(phone + " 422 answers").isLessThanOrEqualTo(2 * issued)
                    .isEqualTo(types.stream().filter("OtpAttemptFailed"::equals).count());
            int failedForThisCode = 0;
            for (String type : types) {
                switch (type) {
                    case "OtpIssued" -> failedForThisCode = 0;
                    case "OtpAttemptFailed" -> assertThat(++failedForThisCode).as(phone).isLessThanOrEqualTo(2);
                    case "OtpLocked" -> assertThat(failedForThisCode).as(phone + " locked after").isEqualTo(2);
                    default -> { }
                }
            }
        }
    }

    @Then("the figures of the run are printed")
    public void figures() {
        Map<Integer, Long> byStatus = sent.stream().collect(Collectors.groupingBy(s -> s.answer().status(),
                TreeMap::new, Collectors.counting()));
        int events = streams().values().stream().mapToInt(List::size).sum();
        String figures = String.format("stress (%s): %d commands in %d ms over %d aggregates, answers %s, "
                        + "%d versions taken and decided again, %d events stored, subscribers %s",
                world.env.publishing().value(), sent.size(), millis, streams().size(), byStatus,
                world.env.calls.versionsTaken() - conflictsBefore, events, faults.subscribers());
        System.out.println(figures);
        StressFigures.record(figures);
    }

    private Map<String, List<Map<String, AttributeValue>>> streams() {
        Map<String, List<Map<String, AttributeValue>>> streams = new TreeMap<>();
        world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.eventsTable).consistentRead(true))
                .items().forEach(item -> streams.computeIfAbsent(item.get("stream").s(), k -> new ArrayList<>()).add(item));
        streams.values().forEach(items -> items.sort(java.util.Comparator.comparingLong(i -> Long.parseLong(i.get("version").n()))));
        return streams;
    }

    /** The figures of each run, written beside the fault matrix for the guide. */
    static final class StressFigures {
        private static final Map<String, String> LINES = new ConcurrentHashMap<>();

        static void record(String line) {
            LINES.put(line.substring(0, line.indexOf(':')), line);
            try {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "stress-figures.txt"),
                        String.join("\n", new TreeMap<>(LINES).values()) + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
