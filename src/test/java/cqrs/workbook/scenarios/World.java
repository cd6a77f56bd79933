package cqrs.workbook.scenarios;

import cqrs.workbook.aggregate.Aggregates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What one scenario has seen so far, shared by its step classes. It talks HTTP to the
 * handler and reads the real tables and queues; steps stay in the domain's words.
 */
public final class World {

    static final ObjectMapper JSON = new ObjectMapper();

    final TestEnvironment env = TestEnvironment.get();
    /** The function instance requests go to: the run's, unless a scenario starts a new one. */
    LambdaInvoker lambda = env.lambda;
    /** Every exchange of the scenario, in the order they were answered, whichever thread made them. */
    final List<Exchange> exchanges = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The same exchanges, each with the step that made it: the guide's HTTP capture. */
    final List<Recorded> recorded = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Message> published = new ArrayList<>();
    Exchange last;
    /** The answer to a first attempt that the scenario then retried. */
    Exchange firstAttempt;
    /** The answer to the latest command (not query) of the scenario. */
    Exchange lastCommand;
    /** When the last command was answered with 2xx, to measure how long its view took. */
    long lastCommandAnsweredNanos;
    String orgId;
    /** An event stored undecodable on purpose: its stream, version and event id. */
    Map<String, String> undecodable = Map.of();
    /** The ids of events the relay parked in this scenario. */
    final Set<String> parkedEventIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The event store as it was before the latest command was sent: stream, version and event id of each item. */
    Set<String> storeBeforeLastCommand = Set.of();

    /**
     * The phone a client signs in with when a scenario sends an org command before signing in itself.
     */
    static final String CLIENT_PHONE = "+6590000100";
    private static final Pattern SIX_DIGITS = Pattern.compile("\\b([0-9]{6})\\b");

    /** The token of the phone this client signed in with last; org commands carry it. */
    String token;

    /** The OTP streams of the phones this scenario signed in: set aside by checks of what was published. */
    final Set<String> signedInStreams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Signs {@code phone} in as a person would: asks for a code, reads it from the SMS the
     * phone received, verifies it, and keeps the token the verification answers. The messages
     * the sign-in published are set aside, so that a scenario's "published" steps see its own.
     */
    String signIn(String phone) {
        int received = env.backend.smsSentTo(phone).size();
        Exchange issued = exchange("POST", "/otp", Map.of("Content-Type", "application/json"),
                "{\"phone\": \"" + phone + "\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String sms = Eventually.poll("an SMS to " + phone, () -> env.backend.smsSentTo(phone),
                messages -> messages.size() > received).getLast().message();
        Matcher code = SIX_DIGITS.matcher(sms);
        assertThat(code.find()).as("a 6-digit code in: " + sms).isTrue();
        // The code is bound to the request that asked for it: its otpId goes back with it.
        Exchange verified = exchange("POST", "/otp/verify", Map.of("Content-Type", "application/json"),
                "{\"phone\": \"" + phone + "\", \"otpId\": \"" + issued.json().path("otpId").asText()
                        + "\", \"code\": \"" + code.group(1) + "\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        token = verified.json().path("token").asText();
        assertThat(token).isNotBlank();
        published(env.backend.name().equals("moto") ? 0 : 3);
        published.removeIf(message -> message.body().contains("\"stream\":\"otp#" + phone + "\""));
        signedInStreams.add(Aggregates.OTP.stream(phone));
        return token;
    }

    /**
     * Sends a request as the client: an org command carries the client's token, and a client
     * that has not signed in yet signs in with {@link #CLIENT_PHONE} first.
     */
    Exchange send(String method, String path, Map<String, String> headers, String body) {
        boolean orgCommand = path.startsWith("/orgs") && !method.equals("GET");
        boolean authorized = headers.keySet().stream().anyMatch(name ->
                name.equalsIgnoreCase("Authorization"));
        if (!orgCommand || authorized) {
            return exchange(method, path, headers, body);
        }
        if (token == null) {
            signInAsSetup(CLIENT_PHONE);
        }
        Map<String, String> withToken = new LinkedHashMap<>(headers);
        withToken.put("Authorization", "Bearer " + token);
        return exchange(method, path, withToken, body);
    }

    /**
     * A sign-in that only prepares the scenario (a Given, or a client signing in before its
     * first org command) rather than being what the scenario is about. The captures fold its
     * exchanges as setup, and count its events and messages apart from the scenario's.
     */
    String signInAsSetup(String phone) {
        return signInAsSetup(phone, false);
    }

    /** The same, for a Given whose whole work is this sign-in: the guide folds the step itself. */
    String signInAsSetupStep(String phone) {
        return signInAsSetup(phone, true);
    }

    private String signInAsSetup(String phone, boolean wholeStep) {
        String stream = Aggregates.OTP.stream(phone);
        Set<String> before = eventIds(stream);
        signingIn.set(phone);
        try {
            String signedIn = signIn(phone);
            List<String> stored = new ArrayList<>(eventIds(stream));
            stored.removeAll(before);
            signIns.add(new SignIn(phone, StepLabels.current(), wholeStep, stored, otpIds.get(phone).getLast()));
            return signedIn;
        } finally {
            signingIn.remove();
        }
    }

    /**
     * A sign-in that prepared the scenario: the phone, its step (and whether signing in was all
     * the step did), the events it stored, its code's otpId.
     */
    record SignIn(String phone, String step, boolean wholeStep, List<String> eventIds, String otpId) {}

    /** The sign-ins that only prepared the scenario, in order. */
    final List<SignIn> signIns = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The phone this thread is signing in as setup, if any: its exchanges are labelled so. */
    private final ThreadLocal<String> signingIn = new ThreadLocal<>();

    private Set<String> eventIds(String stream) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        stream(stream).forEach(item -> ids.add(item.get("eventId").s()));
        return ids;
    }

    /** Sends a request exactly as given: no token is added, no one signs in. */
    Exchange exchange(String method, String path, Map<String, String> headers, String body) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return exchange(method, path, multi, body, "");
    }

    /**
     * A request with repeated headers, called through a base path (a stage: {@code /Prod}); an
     * org command carries the client's token, as {@link #send(String, String, Map, String)} does.
     */
    Exchange send(String method, String path, Map<String, List<String>> headers, String body, String basePath) {
        boolean orgCommand = path.startsWith("/orgs") && !method.equals("GET");
        boolean authorized = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Authorization"));
        Map<String, List<String>> sent = new LinkedHashMap<>(headers);
        if (orgCommand && !authorized) {
            if (token == null) {
                signInAsSetup(CLIENT_PHONE);
            }
            sent.put("Authorization", List.of("Bearer " + token));
        }
        return exchange(method, path, sent, body, basePath);
    }

    private Exchange exchange(String method, String path, Map<String, List<String>> headers, String body,
                              String basePath) {
        if (!method.equals("GET")) {
            storeBeforeLastCommand = storedEvents();
        }
        env.calls.reset();
        last = record(lambda.http(method, path, headers, body, basePath));
        if (!method.equals("GET")) {
            lastCommand = last;
        }
        if (!method.equals("GET") && last.status() / 100 == 2) {
            lastCommandAnsweredNanos = System.nanoTime();
        }
        return last;
    }

    /** An exchange with the handler that is not "the client's last answer": polls, parallel writers. */
    Exchange http(String method, String path, Map<String, String> headers, String body) {
        return record(lambda.http(method, path, headers, body));
    }

    /** The otpIds that POST /otp answered, by phone, oldest first: what each phone's owner was told. */
    final Map<String, List<String>> otpIds = new java.util.concurrent.ConcurrentHashMap<>();

    private Exchange record(Exchange answer) {
        if (answer.method().equals("POST") && answer.path().equals("/otp") && answer.status() == 201) {
            otpIds.computeIfAbsent(answer.json().path("phone").asText(),
                    phone -> java.util.Collections.synchronizedList(new ArrayList<>())).add(answer.json().path("otpId").asText());
        }
        String step = StepLabels.current();
        synchronized (exchanges) {
            exchanges.add(answer);
            recorded.add(new Recorded(step, answer, signingIn.get()));
        }
        return answer;
    }

    /** An exchange, the step that made it, and the phone it signed in as setup (null if none). */
    record Recorded(String step, Exchange exchange, String setupSignIn) {}

    Exchange sendJson(String method, String path, String body) {
        return send(method, path, Map.of("Content-Type", "application/json"), body);
    }

    /** Waits until both consumers' queues hold no message, waiting or in flight. */
    void awaitQueuesDrained() {
        env.awaitRelay();
        Eventually.poll("the consumers' queues to drain", () ->
                Queues.depth(env.aws.sqs(), env.resources.projectionQueue.url())
                        + Queues.depth(env.aws.sqs(), env.resources.reactionQueue.url()), depth -> depth == 0);
    }

    /** The items of a stream in the event store, oldest first, read through the SDK. */
    List<Map<String, AttributeValue>> stream(String stream) {
        return env.aws.dynamo().queryPaginator(q -> q.tableName(env.resources.eventsTable)
                .consistentRead(true)
                .keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "stream"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream))))
                .items().stream().toList();
    }

    String orgStream() {
        return "org#" + orgId;
    }

    int storedEventCount() {
        return storedEvents().size();
    }

    /** Every item of the event store, as {@code stream vN eventId}. */
    Set<String> storedEvents() {
        return env.aws.dynamo().scanPaginator(s -> s.tableName(env.resources.eventsTable).consistentRead(true))
                .items().stream()
                .map(item -> item.get("stream").s() + " v" + item.get("version").n() + " " + item.get("eventId").s())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Every message published so far in this scenario, read from the harness's tap. */
    List<Message> published(int waitSeconds) {
        env.awaitRelay();
        List<Message> drained = env.tap.drain(waitSeconds);
        published.addAll(drained);
        allPublished.addAll(drained);
        return published;
    }

    /**
     * Every message the tap received in this scenario, sign-ins' included and whatever steps
     * set aside from {@link #published}: the guide's capture counts the same set as it stores.
     */
    final List<Message> allPublished = java.util.Collections.synchronizedList(new ArrayList<>());

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> headers(String... nameValue) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            headers.put(nameValue[i], nameValue[i + 1]);
        }
        return headers;
    }
}
