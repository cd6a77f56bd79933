package cqrs.workbook.local;

import cqrs.workbook.command.Publishing;
import cqrs.workbook.emulator.StreamEventSourceMapping;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.Backends;
import cqrs.workbook.emulator.EventSourceMapping;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.SmsMessage;
import cqrs.workbook.emulator.TestAws;
import cqrs.workbook.gateway.FieldError;
import cqrs.workbook.gateway.Problem;
import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

// tag::local-runner[]
/**
 * The whole system on one machine: an AWS emulator with the resources of the SAM template,
 * an HTTP server that turns requests into API Gateway events for the Lambda's handler, and
 * one event source mapping per queue that feeds it SQS events, as Lambda would.
 */
public final class LocalRunner implements AutoCloseable {
// end::local-runner[]

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the local runner served it; the fuzzing run reads these back. */
    public record Served(String method, String pathAndQuery, String requestBody, int status,
                         Map<String, String> headers, String body) {}

    public final int port;
    public final AwsBackend backend;
    public final TestAws aws;
    public final Resources resources;
    public final List<Served> served = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final HttpFront front;
    private final List<EventSourceMapping> mappings;
    /** The event-publishing strategy: {@code outbox} (the default) or {@code compensation}. */
    public final String publishing;
    private final StreamEventSourceMapping relay;

    private LocalRunner(int port, List<ExecutionInterceptor> interceptors) throws IOException {
        this.port = port;
        backend = Backends.start(Path.of("target"));
        aws = TestAws.connect(backend);
        resources = Resources.create(aws);
        // A fresh key per run, put in the emulator's parameter store as make deploy asks a deployer to.
        String otpKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        publishing = Publishing.of(System.getenv().getOrDefault("EVENT_PUBLISHING", "outbox")).value();
        Map<String, String> environment = resources.lambdaEnvironment(backend, otpKey, publishing);
        LambdaInvoker lambda = new LambdaInvoker(
                new Handler(Application.create(Config.from(environment), Clock.systemUTC(), interceptors)));
        // The relay reads the events table's stream under both strategies; under compensation it
        // skips the events that the command handler publishes itself.
        relay = new StreamEventSourceMapping(aws.streams(),
                resources.eventsStreamArn, backend.region().id(), lambda);
        mappings = List.of(
                new EventSourceMapping("projection", aws.sqs(), resources.projectionQueue.url(),
                        resources.projectionQueue.arn(), backend.region().id(), lambda),
                new EventSourceMapping("reaction", aws.sqs(), resources.reactionQueue.url(),
                        resources.reactionQueue.arn(), backend.region().id(), lambda));
        front = HttpFront.start(port, lambda, backend, served);
        writeRunEnvironment(Path.of("target", "run", "env"));
    }

    /** {@code target/run/env}: where the operator tools (and a shell) find this run's resources. */
    private void writeRunEnvironment(Path file) throws IOException {
        StringBuilder lines = new StringBuilder("# Written by make run; the operator tools read it.\n");
        lines.append("API_URL='http://127.0.0.1:").append(port).append("'\n");
        resources.operatorEnvironment(backend).forEach((name, value) ->
                lines.append(name).append("='").append(value).append("'\n"));
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, lines);
    }

    /** The whole system on {@code port}; {@code interceptors} see the handler's SDK calls. */
    public static LocalRunner start(int port, List<ExecutionInterceptor> interceptors) throws IOException {
        return new LocalRunner(port, interceptors);
    }

    @Override
    public void close() {
        front.close();
        relay.close();
        mappings.forEach(EventSourceMapping::close);
        resources.close();
        backend.close();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        LocalRunner runner = start(port, List.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping: HTTP server, consumers, resources, " + runner.backend.name());
            runner.close();
            stopped.countDown();
        }));
        String base = "http://127.0.0.1:" + port;
        System.out.printf("""

                CQRS workbook running at %1$s  (AWS: %2$s, resources %3$s-*)
                  commands  POST %1$s/otp  POST %1$s/otp/verify  POST %1$s/orgs  PUT %1$s/orgs/{id}
                            POST %1$s/orgs/{id}/contact/verify  POST %1$s/orgs/{id}/contact/code
                  queries   GET  %1$s/otp/{otpId}  GET %1$s/orgs/{id}  GET %1$s/.well-known/jwks.json
                  history   GET  %1$s/orgs/{id}/history
                  SMS sent  GET  %1$s/_local/sms?phone=...
                  operate   make rebuild-views | make republish STREAM=... | make redrive  (names in target/run/env)
                  tokens    signed by KMS key %4$s (ES256); org commands need Authorization: Bearer <token>
                  events    published by %5$s
                Try it: B=%1$s bash docs/try-it/session.sh  (the guide's session; or, by hand, sign in first):
                  curl -s -X POST %1$s/otp -H 'Content-Type: application/json' -d '{"phone": "+6590000100"}'
                  curl -s '%1$s/_local/sms?phone=%%2B6590000100'
                  curl -s -X POST %1$s/otp/verify -H 'Content-Type: application/json' \\
                    -d '{"phone": "+6590000100", "otpId": "<the otpId>", "code": "<the code>"}'
                Ctrl-C stops everything.

                """, base, runner.backend, runner.resources.prefix, runner.resources.tokenKeyId,
                runner.publishing.equals("outbox") ? "the outbox: the events table's stream feeds the relay"
                        : "compensation: the command handler publishes, and deletes the event if that fails");
        stopped.await();
    }

    /**
     * The HTTP server in front of the handler, with the tester's phone at {@code /_local/sms}.
     * It can also serve a handler and an emulator that run already: the scenario that runs
     * the guide's "Try it" session puts it in front of the scenarios' handler.
     */
    public record HttpFront(HttpServer server, java.util.concurrent.ExecutorService executor) implements AutoCloseable {

        /** Serves on {@code port} of the loopback interface; 0 takes a free one. */
        public static HttpFront start(int port, LambdaInvoker lambda, AwsBackend backend, List<Served> served)
                throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4);
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(exchange, lambda, backend, served));
            server.start();
            return new HttpFront(server, executor);
        }

        public int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void serve(HttpExchange exchange, LambdaInvoker lambda, AwsBackend backend, List<Served> served)
            throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.equals("/_local/sms")) {
                localSms(exchange, backend, parameter(query, "phone"));
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            // No base path: the client called this server's /orgs, so a Location of /orgs/{id} is followable.
            LambdaInvoker.Exchange answer = lambda.http(exchange.getRequestMethod(),
                    query == null ? path : path + "?" + query, headers,
                    body.length == 0 ? null : new String(body, StandardCharsets.UTF_8), "");
            served.add(new Served(answer.method(), answer.path(), answer.requestBody(), answer.status(),
                    answer.headers(), answer.body()));
            send(exchange, answer.status(), answer.headers(), answer.body());
        } catch (RuntimeException failed) {
            failed.printStackTrace();
            send(exchange, 500, Map.of("Content-Type", Problem.MEDIA_TYPE), Problem.of(500, "internal-error",
                    "Internal error", "the local runner failed; see its log").toJson().toString());
        } finally {
            exchange.close();
        }
    }

    /** The tester's phone: GET only, and a phone number is required. */
    private static void localSms(HttpExchange exchange, AwsBackend backend, String phone) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            send(exchange, 405, Map.of("Content-Type", Problem.MEDIA_TYPE, "Allow", "GET"), Problem.of(405,
                    "method-not-allowed", "Method not allowed", "only GET is allowed on /_local/sms").toJson().toString());
            return;
        }
        try {
            PhoneNumber.of(phone);
        } catch (InvalidValue invalid) {
            send(exchange, 400, Map.of("Content-Type", Problem.MEDIA_TYPE), Problem.invalid(
                    List.of(new FieldError("phone", invalid.getMessage()))).toJson().toString());
            return;
        }
        send(exchange, 200, Map.of("Content-Type", "application/json; charset=utf-8"), sms(backend, phone));
    }

    private static String sms(AwsBackend backend, String phone) {
        ArrayNode messages = JSON.createArrayNode();
        {
            for (SmsMessage sms : backend.smsSentTo(phone)) {
                messages.addObject().put("phone", sms.phone()).put("message", sms.message())
                        .put("sentAt", sms.sentAt().toString());
            }
        }
        return messages.toString();
    }

    private static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

}
