package cqrs.workbook.lambda;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One SDK client per service, built once per Lambda execution environment, with the region,
 * the credentials and the light URL-connection HTTP client given explicitly: the SDK then
 * skips its slow look-ups at start-up. {@code interceptors} is how the scenarios inject
 * faults at the SDK boundary; in AWS the list is empty.
 */
public record AwsClients(DynamoDbClient dynamo, SnsClient sns, KmsClient kms, SsmClient ssm,
                         java.util.function.Supplier<SqsClient> sqs) {

    public static AwsClients create(Config config, List<ExecutionInterceptor> interceptors) {
        return new AwsClients(
                configure(DynamoDbClient.builder(), config, interceptors,
                        Config.DYNAMODB_CALL, Config.DYNAMODB_ATTEMPT).build(),
                configure(SnsClient.builder(), config, interceptors,
                        Config.SNS_CALL, Config.SNS_ATTEMPT).build(),
                // Outside the event transaction, bounded alike so that no call
                // outlives the function.
                configure(KmsClient.builder(), config, interceptors,
                        Config.DYNAMODB_CALL, Config.DYNAMODB_ATTEMPT).build(),
                configure(SsmClient.builder(), config, interceptors,
                        Config.DYNAMODB_CALL, Config.DYNAMODB_ATTEMPT).build(),
                // The relay's parking queue only, which is seldom used: built on
                // first use, not at init.
                lazily(() -> configure(SqsClient.builder(), config, interceptors,
                        Config.SNS_CALL, Config.SNS_ATTEMPT).build()));
    }

    private static <T> java.util.function.Supplier<T> lazily(java.util.function.Supplier<T> build) {
        return new java.util.function.Supplier<>() {
            private T built;

            @Override
            public synchronized T get() {
                if (built == null) {
                    built = build.get();
                }
                return built;
            }
        };
    }

    // tag::clients[]
    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, Config config, List<ExecutionInterceptor> interceptors,
            Duration call, Duration attempt) {
        AwsCredentialsProvider credentials = config.credentials()
                .<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        builder.region(config.region())
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(interceptors)
                        // Bounded calls: Config.BUDGET says why they fit the function's timeout.
                        .apiCallTimeout(call)
                        .apiCallAttemptTimeout(attempt)
                        .retryStrategy(b -> b.maxAttempts(Config.CALL_ATTEMPTS))
                        .build());
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
    // end::clients[]
}
