package cqrs.workbook.scenarios;

import io.cucumber.java.AfterAll;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
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
        TestEnvironment.shutDown();
    }

    @Before(order = 0)
    public void cleanSlate() {
        TestEnvironment env = world.env;
        env.faults.reset();
        env.clock.reset();
        env.calls.reset();
        env.backend.clearSms();
        for (String table : new String[] {env.resources.eventsTable}) {
            env.aws.dynamo().scanPaginator(s -> s.tableName(table).consistentRead(true)).items().forEach(item ->
                    env.aws.dynamo().deleteItem(d -> d.tableName(table).key(Map.of(
                            "stream", item.get("stream"), "version", item.get("version")))));
        }
        env.tap.drain(0);
        world.storedEventsBefore = 0;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
