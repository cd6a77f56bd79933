package cqrs.workbook.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * moto's standalone server, started from the project's virtualenv on a free loopback port.
 * It answers every AWS service on one port, telling them apart by the SigV4 credential
 * scope, so dummy keys are enough. It has no list of sent SMS; its request recorder sees
 * every SNS {@code Publish}, and the SMS are read back from there.
 */
public final class MotoServer implements AwsBackend {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto from {@code venv} (see src/test/emulator/python-tools.sh), logging to {@code log}. */
    public static MotoServer start(Path venv, Path log) {
        Path server = venv.resolve("bin/moto_server");
        if (!Files.isExecutable(server)) {
            throw new IllegalStateException(server + " is missing: run ./mvnw verify (or make test), "
                    + "which creates the virtualenv, or ./mvnw exec:exec@python-tools");
        }
        int port = freePort();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .directory(log.getParent().toFile()) // moto writes its recording file here
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("MOTO_ENABLE_RECORDING", "True");
            MotoServer moto = new MotoServer(builder.start(), URI.create("http://localhost:" + port));
            moto.awaitReady();
            moto.post("/moto-api/recorder/start-recording");
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + server, e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with " + process.exitValue() + "; see its log");
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("moto did not answer within " + START_DEADLINE);
    }

    @Override
    public String name() {
        return "moto";
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.of(endpoint);
    }

    @Override
    public Region region() {
        return Region.US_EAST_1;
    }

    @Override
    public Optional<AwsCredentials> credentials() {
        return Optional.of(AwsBasicCredentials.create("testing", "testing"));
    }

    @Override
    public List<SmsMessage> smsSentTo(String phone) {
        List<SmsMessage> messages = new ArrayList<>();
        for (String line : get("/moto-api/recorder/download-recording").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode request = JSON.readTree(line);
                String body = request.path("body").asText("");
                if (request.path("body_encoded").asBoolean(false)) {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                }
                Map<String, String> form = form(body);
                if ("Publish".equals(form.get("Action")) && phone.equals(form.get("PhoneNumber"))) {
                    messages.add(new SmsMessage(phone, form.get("Message"), recordedAt(request)));
                }
            } catch (IOException | IllegalArgumentException notAnSnsRequest) {
                // the recorder holds every request, most of them not SNS form posts
            }
        }
        return messages;
    }

    private static Instant recordedAt(JsonNode request) {
        // The recorder keeps the request's SigV4 date, e.g. 20261126T042620Z.
        String date = request.path("headers").path("X-Amz-Date").asText("");
        if (date.length() == 16) {
            return Instant.parse(date.substring(0, 4) + "-" + date.substring(4, 6) + "-" + date.substring(6, 8)
                    + "T" + date.substring(9, 11) + ":" + date.substring(11, 13) + ":" + date.substring(13, 15) + "Z");
        }
        return Instant.now();
    }

    @Override
    public void clearSms() {
        post("/moto-api/recorder/reset-recording");
        post("/moto-api/recorder/start-recording");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "moto at " + endpoint;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body.startsWith("{")) {
            return form; // a JSON-protocol request, not SNS
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build());
    }

    private String post(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
