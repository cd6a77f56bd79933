package cqrs.workbook.emulator;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The harness's own SDK clients: they set up resources and look at the real state of the
 * tables and queues, beside (not inside) the handler's clients.
 */
public record TestAws(DynamoDbClient dynamo, SnsClient sns, SqsClient sqs, KmsClient kms, SsmClient ssm,
                      DynamoDbStreamsClient streams) {

    public static TestAws connect(AwsBackend backend) {
        return new TestAws(
                configure(DynamoDbClient.builder(), backend).build(),
                configure(SnsClient.builder(), backend).build(),
                configure(SqsClient.builder(), backend).build(),
                configure(KmsClient.builder(), backend).build(),
                configure(SsmClient.builder(), backend).build(),
                configure(DynamoDbStreamsClient.builder(), backend).build());
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, AwsBackend backend) {
        AwsCredentialsProvider credentials = backend.credentials()
                .<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        builder.region(backend.region()).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        backend.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
