package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cucumber.java.en.Then;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The template's throughput parameters, read as YAML (short tags such as !If and !Ref are
 * left as the plain values they wrap): the documented way past each quota, off by default.
 */
public final class ThroughputSteps {

    private final JsonNode template;

    public ThroughputSteps() throws IOException {
        this.template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
    }

    private JsonNode parameter(String name) {
        JsonNode parameter = template.path("Parameters").path(name);
        assertThat(parameter.isMissingNode()).as("template.yaml has the parameter " + name).isFalse();
        return parameter;
    }

    private JsonNode properties(String logicalId) {
        return template.path("Resources").path(logicalId).path("Properties");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Then("the topic's FIFO throughput scope is a parameter, {string} by default")
    public void topicScope(String scope) {
        assertThat(parameter("TopicThroughputScope").path("Default").asText()).isEqualTo(scope);
        assertThat(texts(parameter("TopicThroughputScope").path("AllowedValues")))
                .containsExactly("Topic", "MessageGroup");
        assertThat(properties("EventsTopic").path("FifoThroughputScope").asText())
                .isEqualTo("TopicThroughputScope");
    }

    @Then("the queues' high-throughput mode is one parameter, off by default, that sets"
            + " deduplication and the throughput limit per message group together")
    public void queueHighThroughput() {
        assertThat(parameter("QueueHighThroughput").path("Default").asText()).isEqualTo("false");
        assertThat(template.path("Conditions").path("HighThroughputQueues").toString())
                .contains("QueueHighThroughput");
        for (String queue : List.of("ProjectionQueue", "ReactionQueue")) {
            assertThat(texts(properties(queue).path("DeduplicationScope")))
                    .as(queue).containsExactly("HighThroughputQueues", "messageGroup", "queue");
            assertThat(texts(properties(queue).path("FifoThroughputLimit")))
                    .as(queue).containsExactly("HighThroughputQueues", "perMessageGroupId", "perQueue");
        }
    }

    @Then("each queue's event source mapping takes a maximum concurrency, none by default")
    public void maximumConcurrency() {
        JsonNode events = properties("HandlerFunction").path("Events");
        for (String event : List.of("Projection", "Reaction")) {
            String name = event + "MaximumConcurrency";
            assertThat(parameter(name).path("Default").asInt()).isZero();
            JsonNode scaling = events.path(event).path("Properties").path("ScalingConfig");
            assertThat(scaling.get(0).asText()).isEqualTo("Has" + name);
            assertThat(scaling.get(1).path("MaximumConcurrency").asText()).isEqualTo(name);
            assertThat(scaling.get(2).asText()).isEqualTo("AWS::NoValue");
        }
    }

    @Then("the relay reads the events table's stream with a parallelization factor of 1")
    public void relayInOrder() {
        JsonNode relay = properties("HandlerFunction").path("Events").path("Relay");
        assertThat(relay.path("Type").asText()).isEqualTo("DynamoDB");
        assertThat(relay.path("Properties").path("ParallelizationFactor").asInt()).isEqualTo(1);
    }
}
