package cqrs.workbook.emulator;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import software.amazon.awssdk.regions.Region;

/**
 * The one place that decides which AWS the scenarios and the local runner talk to.
 * {@code WORKBOOK_AWS} (environment or system property) chooses: {@code moto},
 * {@code localstack}, {@code endpoint} (the URL in {@code AWS_ENDPOINT_URL}) or {@code aws}.
 * Unset, the choice is automatic: an endpoint if one is named, else LocalStack if a Docker
 * engine answers, else moto from the project's virtualenv.
 */
public final class Backends {

    private Backends() {}

    public static AwsBackend start(Path workDir) {
        String choice = setting("WORKBOOK_AWS").orElseGet(Backends::automatic);
        return switch (choice) {
            case "moto" -> MotoServer.start(
                    Path.of(setting("moto.venv").orElse(".moto/venv")).toAbsolutePath(),
                    workDir.toAbsolutePath().resolve("moto.log"));
            case "localstack" -> LocalStackBackend.start();
            case "endpoint" -> new NamedEndpoint(Optional.of(URI.create(setting("AWS_ENDPOINT_URL")
                    .orElseThrow(() -> new IllegalStateException(
                            "WORKBOOK_AWS=endpoint needs AWS_ENDPOINT_URL")))), region());
            case "aws" -> new NamedEndpoint(Optional.empty(), region());
            default -> throw new IllegalStateException(
                    "WORKBOOK_AWS must be moto, localstack, endpoint or aws, not " + choice);
        };
    }

    private static String automatic() {
        if (setting("AWS_ENDPOINT_URL").isPresent()) {
            return "endpoint";
        }
        return dockerAnswers() ? "localstack" : "moto";
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }

    private static Region region() {
        return Region.of(setting("AWS_REGION").orElse("us-east-1"));
    }

    static Optional<String> setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
