package cqrs.workbook.lambda;

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
import software.amazon.awssdk.services.ssm.SsmClient;

// tag::clients[]
/**
 * One SDK client per service, built once per Lambda execution environment, with the region,
 * the credentials and the light URL-connection HTTP client given explicitly: the SDK then
 * skips its slow look-ups at start-up. {@code interceptors} is how the scenarios inject
 * faults at the SDK boundary; in AWS the list is empty.
 */
public record AwsClients(DynamoDbClient dynamo, SnsClient sns, KmsClient kms, SsmClient ssm) {

    public static AwsClients create(Config config, List<ExecutionInterceptor> interceptors) {
        return new AwsClients(
                configure(DynamoDbClient.builder(), config, interceptors).build(),
                configure(SnsClient.builder(), config, interceptors).build(),
                configure(KmsClient.builder(), config, interceptors).build(),
                configure(SsmClient.builder(), config, interceptors).build());
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, Config config, List<ExecutionInterceptor> interceptors) {
        AwsCredentialsProvider credentials = config.credentials()
                .<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        builder.region(config.region())
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(interceptors).build());
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
// end::clients[]
