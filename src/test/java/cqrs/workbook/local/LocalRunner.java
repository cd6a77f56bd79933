package cqrs.workbook.local;

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
import cqrs.workbook.emulator.StreamEventSourceMapping;
import cqrs.workbook.command.Publishing;
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
public final class LocalRunner {
// end::local-runner[]

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        AwsBackend backend = Backends.start(Path.of("target"));
        TestAws aws = TestAws.connect(backend);
        Resources resources = Resources.create(aws);
        String otpKey = System.getenv().getOrDefault("OTP_HMAC_KEY",
                HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
        String publishing = Publishing.of(System.getenv().getOrDefault("EVENT_PUBLISHING", "outbox")).value();
        Map<String, String> environment = resources.lambdaEnvironment(backend, otpKey, publishing);
        LambdaInvoker lambda = new LambdaInvoker(
                new Handler(Application.create(Config.from(environment), Clock.systemUTC(), List.of())));
        // Under the outbox the relay reads the events table's stream; under compensation nothing does.
        StreamEventSourceMapping relay = new StreamEventSourceMapping(aws.streams(), aws.sqs(),
                resources.eventsStreamArn, resources.relayFailuresUrl, backend.region().id(), lambda);
        if (!publishing.equals("outbox")) {
            relay.stop();
        }
        List<EventSourceMapping> mappings = List.of(
                new EventSourceMapping("projection", aws.sqs(), resources.projectionQueue.url(),
                        resources.projectionQueue.arn(), backend.region().id(), lambda),
                new EventSourceMapping("reaction", aws.sqs(), resources.reactionQueue.url(),
                        resources.reactionQueue.arn(), backend.region().id(), lambda));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> serve(exchange, lambda, backend));
        server.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping: HTTP server, consumers, resources, " + backend.name());
            server.stop(0);
            relay.close();
            mappings.forEach(EventSourceMapping::close);
            resources.close();
            backend.close();
            stopped.countDown();
        }));
        String base = "http://127.0.0.1:" + port;
        System.out.printf("""

                CQRS workbook running at %1$s  (AWS: %2$s, resources %3$s-*)
                  events published by %4$s (EVENT_PUBLISHING=compensation|outbox)
                  commands  POST %1$s/otp  POST %1$s/otp/verify  POST %1$s/orgs  PUT %1$s/orgs/{id}
                  queries   GET  %1$s/otp?phone=...  GET %1$s/orgs/{id}
                  SMS sent  GET  %1$s/_local/sms?phone=...
                Try:
                  curl -si -X POST %1$s/orgs -H 'Content-Type: application/json' \\
                    -d '{"name": "Acme Pte Ltd", "location": {"city": "Singapore", "country": "SG"}, "contactPhone": "+6591234567"}'
                  curl -s '%1$s/_local/sms?phone=%%2B6591234567'
                Ctrl-C stops everything.

                """, base, backend, resources.prefix, publishing.equals("outbox")
                ? "the outbox: the events table's stream feeds the relay" : "compensation: the command handler publishes");
        stopped.await();
    }

    private static void serve(HttpExchange exchange, LambdaInvoker lambda, AwsBackend backend) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.equals("/_local/sms")) {
                localSms(exchange, backend, parameter(query, "phone"));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            LambdaInvoker.Exchange answer = lambda.http(exchange.getRequestMethod(),
                    query == null ? path : path + "?" + query, headers,
                    body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
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
