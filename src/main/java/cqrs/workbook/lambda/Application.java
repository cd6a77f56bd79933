package cqrs.workbook.lambda;

import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.broker.SmsSender;
import cqrs.workbook.command.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.gateway.HttpApi;
import cqrs.workbook.gateway.OrgRoutes;
import cqrs.workbook.gateway.OtpCodes;
import cqrs.workbook.gateway.OtpRoutes;
import cqrs.workbook.json.EventCodec;
import cqrs.workbook.org.OrgDecider;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpCommand;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.OtpState;
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

    private final HttpApi http;

    private Application(HttpApi http) {
        this.http = http;
    }

    public static Application create(Config config, Clock clock, List<ExecutionInterceptor> interceptors) {
        AwsClients aws = AwsClients.create(config, interceptors);
        EventStore store = new EventStore(aws.dynamo(), config.eventsTable());
        CommandHandler commands = new CommandHandler(store, new EventPublisher(aws.sns(), config.topicArn()), clock);
        HttpApi http = new HttpApi();
        new OtpRoutes(commands, OTP,
                new OtpCodes(config.otpKey()), new SmsSender(aws.sns()), clock).register(http);
        new OrgRoutes(commands, ORG, clock).register(http);
        return new Application(http);
    }

    public HttpApi http() {
        return http;
    }
}
