package cqrs.workbook.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.broker.SmsSender;
import cqrs.workbook.command.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.gateway.HttpApi;
import cqrs.workbook.gateway.OrgRoutes;
import cqrs.workbook.gateway.OtpRoutes;
import cqrs.workbook.gateway.QueryRoutes;
import cqrs.workbook.json.EventCodec;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgDecider;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.otp.OtpCommand;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.OtpState;
import cqrs.workbook.projection.Projection;
import cqrs.workbook.projection.ViewStore;
import cqrs.workbook.reaction.Reactions;
import cqrs.workbook.service.OtpCodes;
import cqrs.workbook.service.OtpService;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The wiring of the one Lambda: built once per execution environment, then reused. */
public final class Application {

    // tag::aggregates[]
    public static final Aggregate<OtpCommand, OtpState, OtpEvent, OtpRejection> OTP =
            new Aggregate<>("otp", new OtpDecider(), new EventCodec<>(OtpEvent.class));
    public static final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> ORG =
            new Aggregate<>("org", new OrgDecider(), new EventCodec<>(OrgEvent.class));
    // end::aggregates[]

    private final Config config;
    private final HttpApi http;
    private final Projection projection;
    private final Reactions reactions;

    private Application(Config config, HttpApi http, Projection projection, Reactions reactions) {
        this.config = config;
        this.http = http;
        this.projection = projection;
        this.reactions = reactions;
    }

    // tag::wiring[]
    public static Application create(Config config, Clock clock, List<ExecutionInterceptor> interceptors) {
        AwsClients aws = AwsClients.create(config, interceptors);
        EventStore store = new EventStore(aws.dynamo(), config.eventsTable());
        ViewStore views = new ViewStore(aws.dynamo(), config.viewsTable());
        CommandHandler commands = new CommandHandler(store, new EventPublisher(aws.sns(), config.topicArn()), clock);
        OtpService otp = new OtpService(commands, OTP, new OtpCodes(config.otpKey()), new SmsSender(aws.sns()), clock);

        HttpApi http = new HttpApi();
        new OtpRoutes(otp).register(http);
        new OrgRoutes(commands, ORG, clock).register(http);
        new QueryRoutes(views, clock).register(http);
        return new Application(config, http,
                new Projection(views, store, Application::publicForm),
                new Reactions(otp, commands, ORG, views, clock));
    }
    // end::wiring[]

    public HttpApi http() {
        return http;
    }

    // tag::consume[]
    /** An SQS batch goes to the role whose queue it came from: projection or event handler. */
    public SQSBatchResponse consume(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        if (messages.isEmpty()) {
            return new SQSBatchResponse(List.of());
        }
        String source = messages.getFirst().getEventSourceArn();
        if (config.projectionQueueArn().equals(source)) {
            return QueueConsumer.consume("projection", messages, projection::project);
        }
        if (config.reactionQueueArn().equals(source)) {
            return QueueConsumer.consume("reaction", messages, reactions::react);
        }
        throw new IllegalArgumentException("messages from an unknown queue: " + source);
    }
    // end::consume[]

    /** A stored event in the form subscribers see: the public payload, no secret. */
    public static PublishedEvent publicForm(StoredEvent stored) {
        Aggregate<?, ?, ?, ?> aggregate = stored.stream().startsWith(OTP.name() + "#") ? OTP : ORG;
        return PublishedEvent.of(stored, publicPayload(aggregate.codec(), stored));
    }

    private static <E> com.fasterxml.jackson.databind.JsonNode publicPayload(EventCodec<E> codec, StoredEvent stored) {
        return codec.toPublicJson(codec.fromStoredJson(stored.type(), stored.payload()));
    }
}
