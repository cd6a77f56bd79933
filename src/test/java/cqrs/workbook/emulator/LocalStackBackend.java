package cqrs.workbook.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack in a container, for machines where a Docker engine answers. Images after
 * 4.14.0 refuse to start without {@code LOCALSTACK_AUTH_TOKEN}, so 4.14.0 is pinned and a
 * token in the environment is passed through. LocalStack lists sent SMS itself.
 */
public final class LocalStackBackend implements AwsBackend {

    public static final String IMAGE = "localstack/localstack:4.14.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStackContainer container;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalStackBackend(LocalStackContainer container) {
        this.container = container;
    }

    public static LocalStackBackend start() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(
                System.getenv().getOrDefault("LOCALSTACK_IMAGE", IMAGE)))
        ;
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        return new LocalStackBackend(container);
    }

    @Override
    public String name() {
        return "localstack";
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.of(container.getEndpoint());
    }

    @Override
    public Region region() {
        return Region.of(container.getRegion());
    }

    @Override
    public Optional<AwsCredentials> credentials() {
        return Optional.of(AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
    }

    @Override
    public List<SmsMessage> smsSentTo(String phone) {
        return LocalStackSms.read(http, container.getEndpoint(), phone);
    }

    @Override
    public void clearSms() {
        LocalStackSms.clear(http, container.getEndpoint());
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "LocalStack " + container.getDockerImageName() + " at " + container.getEndpoint();
    }

    /** LocalStack's own list of sent SMS: {@code GET /_aws/sns/sms-messages}. */
    static final class LocalStackSms {

        private LocalStackSms() {}

        static List<SmsMessage> read(HttpClient http, URI endpoint, String phone) {
            URI uri = endpoint.resolve("/_aws/sns/sms-messages?phoneNumber="
                    + URLEncoder.encode(phone, StandardCharsets.UTF_8));
            List<SmsMessage> messages = new ArrayList<>();
            try {
                JsonNode answer = JSON.readTree(http.send(HttpRequest.newBuilder(uri).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode perPhone : answer.path("sms_messages")) {
                    for (JsonNode sms : perPhone) {
                        if (phone.equals(sms.path("PhoneNumber").asText())) {
                            messages.add(new SmsMessage(phone, sms.path("Message").asText(), Instant.now()));
                        }
                    }
                }
                return messages;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static void clear(HttpClient http, URI endpoint) {
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/_aws/sns/sms-messages")).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
