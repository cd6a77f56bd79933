package cqrs.workbook.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * An emulator the user runs and names with {@code AWS_ENDPOINT_URL}, or AWS itself when no
 * endpoint is given. Sent SMS are read the LocalStack way where the endpoint offers it;
 * AWS keeps no list of sent SMS, so scenarios that read a code cannot run there.
 */
public final class NamedEndpoint implements AwsBackend {

    private final Optional<URI> endpoint;
    private final Region region;
    private final HttpClient http = HttpClient.newHttpClient();

    public NamedEndpoint(Optional<URI> endpoint, Region region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    @Override
    public String name() {
        return endpoint.isPresent() ? "endpoint" : "aws";
    }

    @Override
    public Optional<URI> endpoint() {
        return endpoint;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public Optional<AwsCredentials> credentials() {
        // An emulator takes any keys; AWS takes the user's, from the SDK's default chain.
        return endpoint.isPresent() && System.getenv("AWS_ACCESS_KEY_ID") == null
                ? Optional.of(AwsBasicCredentials.create("testing", "testing"))
                : Optional.empty();
    }

    @Override
    public List<SmsMessage> smsSentTo(String phone) {
        URI uri = endpoint.orElseThrow(() -> new UnsupportedOperationException(
                "AWS keeps no list of sent SMS: scenarios that read a code need an emulator"));
        return LocalStackBackend.LocalStackSms.read(http, uri, phone);
    }

    @Override
    public void clearSms() {
        endpoint.ifPresent(uri -> LocalStackBackend.LocalStackSms.clear(http, uri));
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return endpoint.map(uri -> "the endpoint " + uri).orElse("AWS in " + region);
    }
}
