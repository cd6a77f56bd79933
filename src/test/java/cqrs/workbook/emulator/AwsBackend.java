package cqrs.workbook.emulator;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * An AWS that the scenarios and the local runner talk to: an emulator they started, an
 * endpoint the user named, or AWS itself. The handler gets the same SDK calls on each.
 */
public interface AwsBackend extends AutoCloseable {

    /** A short name for the output: moto, localstack, endpoint, aws. */
    String name();

    /** Where the SDK clients send requests; empty for AWS itself. */
    Optional<URI> endpoint();

    Region region();

    /** Credentials to sign with; empty means the SDK's default chain. */
    Optional<AwsCredentials> credentials();

    /** The text messages the system sent to a phone, oldest first: the tester's phone. */
    List<SmsMessage> smsSentTo(String phone);

    /** Forgets the messages sent so far, so that each scenario reads only its own. */
    void clearSms();

    @Override
    void close();
}
