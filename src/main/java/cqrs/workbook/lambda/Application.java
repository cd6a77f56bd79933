package cqrs.workbook.lambda;

import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.auth.KmsSigningKey;
import cqrs.workbook.auth.Tokens;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.sms.SmsSender;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.gateway.HttpApi;
import cqrs.workbook.gateway.Idempotency;
import cqrs.workbook.gateway.IdempotencyStore;
import cqrs.workbook.gateway.OrgRoutes;
import cqrs.workbook.gateway.OtpRoutes;
import cqrs.workbook.gateway.QueryRoutes;
import cqrs.workbook.gateway.SmsCountries;
import cqrs.workbook.gateway.SignIn;
import cqrs.workbook.lambda.events.SqsBatchResponse;
import cqrs.workbook.lambda.events.SqsEvent;
import cqrs.workbook.projection.HistoryProjection;
import cqrs.workbook.projection.Projection;
import cqrs.workbook.projection.ViewStore;
import cqrs.workbook.gateway.ContactRoutes;
import cqrs.workbook.org.OrgDecider;
import cqrs.workbook.sms.TextBudget;
import cqrs.workbook.reaction.Reactions;
import cqrs.workbook.otp.application.OtpCodes;
import cqrs.workbook.otp.application.OtpService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.command.Publishing;
import cqrs.workbook.relay.ParkingQueue;
import cqrs.workbook.relay.Relay;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The wiring of the one Lambda: built once per execution environment, then reused. */
public final class Application {

    private final Config config;
    private final HttpApi http;
    private final Projection projection;
    private final HistoryProjection history;
    private final Reactions reactions;
    private final Relay relay;
    private final EventStore store;
    private final EventPublisher publisher;

    private Application(Config config, HttpApi http, Projection projection, HistoryProjection history,
                        Reactions reactions, Relay relay, EventStore store, EventPublisher publisher) {
        this.history = history;
        this.config = config;
        this.store = store;
        this.publisher = publisher;
        this.http = http;
        this.projection = projection;
        this.reactions = reactions;
        this.relay = relay;
    }

    public static Application create(Config config, Clock clock,
                                     List<ExecutionInterceptor> interceptors) {
        AwsClients aws = AwsClients.create(config, interceptors);
        EventStore store = new EventStore(aws.dynamo(), config.eventsTable());
        ViewStore views = new ViewStore(aws.dynamo(), config.viewsTable());
        EventPublisher publisher = new EventPublisher(aws.sns(), config.topicArn());
        CommandHandler commands = new CommandHandler(store, publisher, clock, config.publishing(),
                Config.BUDGET);
        OtpService otp = new OtpService(commands, Aggregates.OTP,
                new OtpCodes(OtpKeyParameter.read(aws.ssm(), config.otpKeysParameter())),
                new SmsSender(aws.sns()), new TextBudget(aws.dynamo(), config.viewsTable(), clock),
                clock);
        SmsCountries smsCountries = new SmsCountries(config.smsCountries());

        Tokens tokens = new Tokens(new KmsSigningKey(aws.kms(), config.tokenKeyId()),
                config.tokenIssuer(), clock);

        HttpApi http = new HttpApi();
        new OtpRoutes(otp, smsCountries, tokens).register(http);
        new OrgRoutes(commands, Aggregates.ORG, tokens, clock, smsCountries).register(http);
        new ContactRoutes(commands, Aggregates.ORG, tokens, otp).register(http);
        new SignIn(tokens).register(http);
        new QueryRoutes(views, clock, tokens, (org, phone) -> OrgDecider.mayChange(
                commands.state(Aggregates.ORG, org.toString()), phone).isEmpty()).register(http);
        Idempotency idempotency = new Idempotency(
                new IdempotencyStore(aws.dynamo(), config.viewsTable()), clock);
        http.wrap("POST", "/orgs",
                route -> idempotency.by(Idempotency.tokenSubject(tokens), route));
        http.wrap("POST", "/otp",
                route -> idempotency.by(Idempotency.bodyField("phone"), route));
        http.wrap("POST", OrgRoutes.ORG_PATH + "/contact/code",
                route -> idempotency.by(Idempotency.tokenSubject(tokens), route));
        return new Application(config, http,
                new Projection(views, store), new HistoryProjection(views, store),
                new Reactions(otp, commands, Aggregates.ORG, clock),
                new Relay(publisher, new ParkingQueue(aws.sqs(), config.parkingQueueUrl()),
                        Config.RELAY_RECORD),
                store, publisher);
    }

    /** The store's paths that no harmless request reaches, primed with nothing written: see {@link Priming}. */
    void primeStore(String sentinelStream) {
        store.readFromLatest(sentinelStream, event -> true);
        store.primeAppend(sentinelStream);
        publisher.prime();
    }

    public HttpApi http() {
        return http;
    }

    /**
     * A batch of the events table's DynamoDB stream goes to the relay. Under compensation no
     * stream is mapped to the function; a batch that comes anyway is published all the same
     * (deduplicated by event id), which is harmless.
     */
    public ObjectNode relay(JsonNode streamEvent) {
        return relay.relay(streamEvent);
    }

    public Publishing publishing() {
        return config.publishing();
    }

    // tag::consume[]
    /** An SQS batch goes to the role whose queue it came from: projection or event handler. */
    public SqsBatchResponse consume(SqsEvent event) {
        List<SqsEvent.Message> messages = event.records();
        if (messages.isEmpty()) {
            return new SqsBatchResponse(List.of());
        }
        String source = messages.getFirst().eventSourceARN();
        if (config.projectionQueueArn().equals(source)) {
            return QueueConsumer.consume("projection", Config.PROJECTION_MESSAGE, messages,
                    published -> {
                        projection.project(published);
                        history.project(published);
                    });
        }
        if (config.reactionQueueArn().equals(source)) {
            return QueueConsumer.consume("reaction", Config.REACTION_MESSAGE, messages,
                    reactions::react);
        }
        throw new IllegalArgumentException("messages from an unknown queue: " + source);
    }
    // end::consume[]
}
