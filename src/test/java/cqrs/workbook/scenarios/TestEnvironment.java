package cqrs.workbook.scenarios;

import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.Backends;
import cqrs.workbook.emulator.EventSourceMapping;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.StreamEventSourceMapping;
import cqrs.workbook.command.Publishing;
import java.util.EnumMap;
import cqrs.workbook.emulator.TestAws;
import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

// tag::environment[]
/**
 * What the scenarios of one run share: the AWS backend, the resources on it, and the real
 * handler, configured from a Lambda-style environment, with a fault injector on its SDK
 * clients, a clock that scenarios can move forward, and a timeline that records what each
 * invocation did (the event model is drawn from it).
 */
public final class TestEnvironment {

    private static TestEnvironment current;

    public final AwsBackend backend;
    public final TestAws aws;
    public final Resources resources;
    public final Tap tap;
    public final FaultInjector faults;
    public final SdkCalls calls = new SdkCalls();
    /** What each invocation of the handler did, recorded only while a scenario asks for it. */
    public final Timeline timeline;
    public final TestClock clock = new TestClock();
    public final LambdaInvoker lambda;
    public final List<EventSourceMapping> eventSourceMappings;
    /** The relay's stream mapping: hands the events table's stream to the handler under outbox. */
    public final StreamEventSourceMapping relay;
    /** The handler of each strategy, from environments that differ in EVENT_PUBLISHING only. */
    private final Map<Publishing, Handler> handlers = new EnumMap<>(Publishing.class);
    private volatile Publishing publishing = DEFAULT_PUBLISHING;
    /**
     * The strategy of scenarios that name none: {@code -Dworkbook.publishing=outbox} runs them
     * all under the outbox.
     */
    public static final Publishing DEFAULT_PUBLISHING =
            Publishing.of(System.getProperty("workbook.publishing", "compensation"));
    /** Short, so that a failing message comes back (and reaches its dead-letter queue) soon. */
    public static final int VISIBILITY_TIMEOUT_SECONDS = 3;
    /** The key the handler hashes codes with: the scenarios check stored hashes against it. */
    public final String otpKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    private TestEnvironment() {
        long started = System.nanoTime();
        backend = Backends.start(Path.of("target"));
        aws = TestAws.connect(backend);
        resources = Resources.create(aws, VISIBILITY_TIMEOUT_SECONDS);
        faults = new FaultInjector(resources.eventsTable, resources.viewsTable);
        tap = Tap.create(aws, resources.topicArn, resources.prefix);
        timeline = new Timeline(resources.eventsTable, resources.viewsTable);
        for (Publishing strategy : Publishing.values()) {
            Map<String, String> environment =
                    resources.lambdaEnvironment(backend, otpKey, strategy.value());
            handlers.put(strategy, new Handler(Application.create(Config.from(environment), clock,
                    List.of(faults, calls, timeline))));
        }
        lambda = new LambdaInvoker(timeline.around((input, output, context) ->
                handlers.get(publishing).handleRequest(input, output, context)));
        relay = new StreamEventSourceMapping(aws.streams(), resources.eventsStreamArn,
                backend.region().id(), lambda);
        eventSourceMappings = List.of(
                new EventSourceMapping("projection", aws.sqs(), resources.projectionQueue.url(),
                        resources.projectionQueue.arn(), backend.region().id(), lambda),
                new EventSourceMapping("reaction", aws.sqs(), resources.reactionQueue.url(),
                        resources.reactionQueue.arn(), backend.region().id(), lambda));
        System.out.printf("AWS backend: %s (%s), resources %s-*, ready in %d ms;"
                        + " events published by %s unless a scenario says otherwise%n",
                backend.name(), backend, resources.prefix,
                (System.nanoTime() - started) / 1_000_000, DEFAULT_PUBLISHING.value());
    }
    // end::environment[]

    /**
     * The scenario runs under {@code strategy} from now on: the stream records written so far
     * are skipped. The relay runs under both strategies, as the template's mapping does: under
     * compensation it skips the events their writer publishes.
     */
    public void use(Publishing strategy) {
        relay.skipToNow();
        publishing = strategy;
        relay.start();
    }

    /**
     * The strategy changes as a deployment changes it. From compensation to the outbox the
     * relay reads the stream from this scenario's first record, as a mapping enabled for the
     * first time reads from TRIM_HORIZON; the other way it goes on from where it is.
     */
    public void switchTo(Publishing strategy) {
        if (strategy == Publishing.OUTBOX && publishing == Publishing.COMPENSATION) {
            relay.rewindToMark();
        }
        publishing = strategy;
    }

    /** The relay resumes after an outage. */
    public void startRelay() {
        relay.start();
    }

    public Publishing publishing() {
        return publishing;
    }

    /** Waits until the relay has handled every event stored so far (unless it is stopped). */
    public void awaitRelay() {
        if (relay.isRunning()) {
            relay.awaitIdle();
        }
    }

    public static synchronized TestEnvironment get() {
        if (current == null) {
            current = new TestEnvironment();
        }
        return current;
    }

    public static synchronized void shutDown() {
        if (current != null) {
            current.relay.close();
            current.eventSourceMappings.forEach(EventSourceMapping::close);
            current.tap.close();
            current.resources.close();
            current.backend.close();
            current = null;
        }
    }
}
