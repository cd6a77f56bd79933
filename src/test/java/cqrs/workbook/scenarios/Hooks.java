package cqrs.workbook.scenarios;

import io.cucumber.java.After;
import io.cucumber.java.AfterAll;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import cqrs.workbook.command.Publishing;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Starts the backend once per run; gives each scenario empty tables, queues and phones. */
public final class Hooks {

    private final World world;

    public Hooks(World world) {
        this.world = world;
    }

    @BeforeAll
    public static void startBackend() {
        TestEnvironment.get();
    }

    @AfterAll
    public static void stopBackend() {
        ProjectionLag.report();
        TestEnvironment.shutDown();
    }

    /**
     * What the scenario did, attached to Cucumber's report for the guide: the HTTP exchanges
     * as the client saw them, the event store's items as stored (a code's HMAC replaced by a
     * marker), the messages published to the topic, the views, the sign-ins that only set the
     * scenario up, and which AWS backend answered.
     * Every exchange is there, polls and parallel writers included, each with its step.
     */
    @After
    public void attachCaptures(Scenario scenario) {
        world.env.eventSourceMappings.forEach(cqrs.workbook.emulator.EventSourceMapping::resume);
        world.awaitQueuesDrained(); // let the views catch up with the scenario's last command
        Captures captures = new Captures(world);
        scenario.attach(captures.exchanges(), "application/json", Captures.EXCHANGES);
        scenario.attach(captures.events(), "application/json", Captures.EVENTS);
        scenario.attach(captures.published(), "application/json", Captures.PUBLISHED);
        scenario.attach(captures.views(), "application/json", Captures.VIEWS);
        scenario.attach(captures.setup(), "application/json", Captures.SETUP);
        scenario.attach(captures.backend(), "text/plain", Captures.BACKEND);
    }

    @Before(order = 0)
    public void cleanSlate(Scenario scenario) {
        TestEnvironment env = world.env;
        // What the previous scenario set in motion finishes first, then everything is wiped.
        world.awaitQueuesDrained();
        env.faults.reset();
        env.clock.reset();
        env.calls.reset();
        env.backend.clearSms();
        wipe(env.resources.eventsTable, List.of("stream", "version"));
        wipe(env.resources.viewsTable, List.of("id"));
        // A scenario names its strategy by tag; the others run under the default, the outbox,
        // whose relay publishes what the scenario stores (anything older is skipped).
        env.use(scenario.getSourceTagNames().contains("@outbox") ? Publishing.OUTBOX
                : scenario.getSourceTagNames().contains("@compensation") ? Publishing.COMPENSATION
                : TestEnvironment.DEFAULT_PUBLISHING);
        Queues.drain(env.aws.sqs(), env.resources.parkingQueueUrl);
        env.tap.drain(0);
        Queues.drain(env.aws.sqs(), env.resources.projectionQueue.dlqUrl());
        Queues.drain(env.aws.sqs(), env.resources.reactionQueue.dlqUrl());
    }

    private void wipe(String table, List<String> key) {
        var dynamo = world.env.aws.dynamo();
        dynamo.scanPaginator(s -> s.tableName(table).consistentRead(true)).items().forEach(item -> {
            Map<String, AttributeValue> itemKey = new java.util.HashMap<>();
            key.forEach(name -> itemKey.put(name, item.get(name)));
            dynamo.deleteItem(d -> d.tableName(table).key(itemKey));
        });
    }
}

