package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import cqrs.workbook.emulator.Resources;
import io.cucumber.java.en.Then;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Steps that read template.yaml for what protects the data and the SMS budget. */
public final class StackSteps {

    private static final Path TEMPLATE = Path.of("template.yaml");
    private static final List<String> SMS_ROUTES = List.of("POST /~1otp", "POST /~1orgs", "PUT /~1orgs~1{id}",
            "POST /~1orgs~1{id}~1contact~1code");

    private final JsonNode template;
    private final String text;

    public StackSteps() throws IOException {
        this.template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
        this.text = Files.readString(TEMPLATE);
    }

    private JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("template.yaml declares " + logicalId).isFalse();
        return resource;
    }

    private List<JsonNode> resourcesOfType(String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                found.add(resource);
            }
        });
        return found;
    }

    // tag::retention[]
    @Then("the events table is kept when the stack is deleted or the table replaced")
    public void eventsRetained() {
        JsonNode table = resource("EventsTable");
        assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    }

    @Then("the events table has deletion protection and point-in-time recovery")
    public void eventsProtected() {
        JsonNode properties = resource("EventsTable").path("Properties");
        assertThat(properties.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
    }
    // end::retention[]

    @Then("the views table has deletion protection and point-in-time recovery")
    public void viewsProtected() {
        JsonNode properties = resource("ViewsTable").path("Properties");
        assertThat(properties.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
    }

    @Then("an alarm with an action fires on each of these")
    public void alarmsWithActions(io.cucumber.datatable.DataTable table) {
        List<JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).allSatisfy(alarm -> assertThat(alarm.path("Properties").path("AlarmActions").toString())
                .as(alarm.path("Properties").path("AlarmName").asText() + " notifies someone").contains("AlarmTopic"));
        for (Map<String, String> row : table.asMaps()) {
            assertThat(alarms).as(row.get("what")).anySatisfy(alarm -> {
                JsonNode p = alarm.path("Properties");
                assertThat(p.path("Namespace").asText()).isEqualTo(row.get("namespace"));
                assertThat(p.path("MetricName").asText()).isEqualTo(row.get("metric"));
            });
        }
    }

    @Then("only the function's role may sign with the token key, and no principal can give itself that right")
    public void keyPolicy() {
        JsonNode statements = resource("TokenKey").path("Properties").path("KeyPolicy").path("Statement");
        List<JsonNode> allows = StreamSupport.stream(statements.spliterator(), false)
                .filter(st -> st.path("Effect").asText().equals("Allow")).toList();
        for (JsonNode allow : allows) {
            String actions = allow.path("Action").toString();
            // kms:Create* holds CreateGrant, kms:Put* PutKeyPolicy: either lets a holder grant itself Sign.
            assertThat(actions).as(allow.path("Sid").asText())
                    .doesNotContain("kms:*").doesNotContain("kms:Create").doesNotContain("kms:Put")
                    .doesNotContain("kms:ReplicateKey");
            if (actions.contains("kms:Sign")) {
                assertThat(allow.path("Principal").path("AWS").asText()).isEqualTo("HandlerRole.Arn");
            }
        }
        assertThat(allows).filteredOn(st -> st.path("Sid").asText().equals("Administer")).singleElement()
                .satisfies(admin -> assertThat(admin.path("Principal").path("AWS").asText()).isEqualTo("TokenKeyAdminRole.Arn"));
        List<JsonNode> denies = StreamSupport.stream(statements.spliterator(), false)
                .filter(st -> st.path("Effect").asText().equals("Deny")).toList();
        assertThat(denies).anySatisfy(deny -> {
            assertThat(deny.path("Action").toString()).contains("kms:Sign");
            assertThat(deny.path("Principal").path("AWS").asText()).isEqualTo("*");
            assertThat(deny.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn").asText())
                    .isEqualTo("HandlerRole.Arn");
        });
        assertThat(denies).anySatisfy(deny -> {
            assertThat(deny.path("Action").toString()).contains("kms:CreateGrant").contains("kms:PutKeyPolicy");
            assertThat(deny.path("Principal").path("AWS").asText()).isEqualTo("*");
            assertThat(deny.has("Condition")).isFalse();
        });
    }

    @Then("under the outbox the function's role cannot delete an event")
    public void noDeleteUnderOutbox() {
        JsonNode statements = resource("HandlerRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement");
        for (JsonNode statement : statements) {
            if (statement.isArray()) {
                // !If [UseOutbox, !Ref AWS::NoValue, {the compensation's statement}]
                assertThat(statement.get(0).asText()).isEqualTo("UseOutbox");
                assertThat(statement.get(1).asText()).isEqualTo("AWS::NoValue");
                assertThat(statement.get(2).path("Action").toString()).contains("dynamodb:DeleteItem");
            } else if (statement.path("Resource").toString().contains("EventsTable")) {
                // The views table's items (views, text budgets, idempotency keys) may be deleted.
                assertThat(statement.path("Action").toString()).as(statement.path("Sid").asText())
                        .doesNotContain("dynamodb:DeleteItem");
            }
        }
    }

    @Then("a web ACL with a rate-based rule per client IP guards the API stage, and answers 429")
    public void webAcl() {
        JsonNode acl = resource("ApiWebAcl").path("Properties");
        assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
        JsonNode rule = acl.path("Rules").get(0);
        assertThat(rule.path("Statement").path("RateBasedStatement").path("AggregateKeyType").asText()).isEqualTo("IP");
        assertThat(parameterDefault(rule.path("Statement").path("RateBasedStatement").path("Limit"))).isPositive();
        assertThat(rule.path("Action").path("Block").path("CustomResponse").path("ResponseCode").asInt()).isEqualTo(429);
        JsonNode association = resource("ApiWebAclAssociation").path("Properties");
        assertThat(association.path("WebACLArn").asText()).isEqualTo("ApiWebAcl.Arn");
        assertThat(association.path("ResourceArn").asText()).contains("/restapis/${ServerlessRestApi}/stages/");
    }

    @Then("the function's concurrency is reserved by default")
    public void reservedConcurrency() {
        assertThat(template.path("Parameters").path("ReservedConcurrency").path("Default").asInt()).isPositive();
        assertThat(resource("HandlerFunction").path("Properties").path("ReservedConcurrentExecutions").toString())
                .contains("ReservedConcurrency");
    }

    @Then("each queue lets a message be received at least {int} times before parking it, as in the harness")
    public void maxReceiveCount(int atLeast) {
        for (String queue : List.of("ProjectionQueue", "ReactionQueue")) {
            int count = resource(queue).path("Properties").path("RedrivePolicy").path("maxReceiveCount").asInt();
            assertThat(count).as(queue).isGreaterThanOrEqualTo(atLeast).isEqualTo(Resources.MAX_RECEIVE_COUNT);
        }
    }

    @Then("an alarm fires when a dead-letter queue holds a message, for each of them")
    public void dlqAlarms() {
        List<String> dlqs = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::SQS::Queue")
                    && e.getValue().path("Properties").path("QueueName").asText().endsWith("-dlq.fifo")) {
                dlqs.add(e.getKey());
            }
        });
        assertThat(dlqs).hasSize(2);
        List<JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        for (String dlq : dlqs) {
            assertThat(alarms).as("an alarm on the depth of " + dlq).anySatisfy(alarm -> {
                JsonNode p = alarm.path("Properties");
                assertThat(p.path("Namespace").asText()).isEqualTo("AWS/SQS");
                assertThat(p.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
                assertThat(p.path("Dimensions").get(0).path("Value").asText()).isEqualTo(dlq + ".QueueName");
                assertThat(p.path("Threshold").asInt()).isZero();
                assertThat(p.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
                assertThat(p.path("AlarmActions").isEmpty()).isFalse();
            });
        }
    }

    @Then("an alarm fires when a dead-letter queue's oldest message has waited a day, for each of them")
    public void dlqAgeAlarms() {
        for (String dlq : List.of("ProjectionDlq", "ReactionDlq")) {
            assertThat(resourcesOfType("AWS::CloudWatch::Alarm")).as("an alarm on the age in " + dlq).anySatisfy(alarm -> {
                JsonNode p = alarm.path("Properties");
                assertThat(p.path("MetricName").asText()).isEqualTo("ApproximateAgeOfOldestMessage");
                assertThat(p.path("Dimensions").get(0).path("Value").asText()).isEqualTo(dlq + ".QueueName");
                assertThat(p.path("AlarmActions").isEmpty()).isFalse();
            });
        }
    }

    // tag::relay-alarms[]
    @Then("an alarm fires when the relay falls behind, parks an event, or keeps failing")
    public void relayAlarms() {
        List<JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).as("the relay's iterator age").anySatisfy(alarm -> {
            assertThat(alarm.path("Properties").path("Namespace").asText()).isEqualTo("AWS/Lambda");
            assertThat(alarm.path("Properties").path("MetricName").asText()).isEqualTo("IteratorAge");
        });
        assertThat(alarms).as("the parking queue's depth").anySatisfy(alarm -> assertThat(
                alarm.path("Properties").path("Dimensions").get(0).path("Value").asText())
                .isEqualTo("RelayParked.QueueName"));
        JsonNode filter = resourcesOfType("AWS::Logs::MetricFilter").stream()
                .filter(f -> f.path("Properties").path("FilterPattern").asText().contains("relay")).findFirst()
                .orElseThrow().path("Properties");
        // The filter must match the line the relay really writes when a publish fails.
        assertThat(filter.path("FilterPattern").asText()).isEqualTo("{ $.kind = \"relay\" && $.level = \"WARN\" }");
        String metric = filter.path("MetricTransformations").get(0).path("MetricName").asText();
        assertThat(alarms).as("the relay's errors").anySatisfy(alarm ->
                assertThat(alarm.path("Properties").path("MetricName").asText()).isEqualTo(metric));
    }

    // end::relay-alarms[]

    @Then("an alarm fires when the function logs a line at level ALERT")
    public void alertAlarm() {
        JsonNode filter = resourcesOfType("AWS::Logs::MetricFilter").stream()
                .filter(f -> f.path("Properties").path("FilterPattern").asText().contains("ALERT")).findFirst()
                .orElseThrow().path("Properties");
        assertThat(filter.path("LogGroupName").asText()).isEqualTo("HandlerLogGroup");
        // The filter must match the line that Log really writes for an alert.
        java.util.regex.Matcher pattern = java.util.regex.Pattern.compile("\\{ \\$\\.(\\w+) = \"(\\w+)\" }")
                .matcher(filter.path("FilterPattern").asText());
        assertThat(pattern.matches()).as("a filter on one field of the JSON line").isTrue();
        JsonNode line = alertLine();
        assertThat(line.path(pattern.group(1)).asText()).isEqualTo(pattern.group(2));
        String metric = filter.path("MetricTransformations").get(0).path("MetricName").asText();
        assertThat(resourcesOfType("AWS::CloudWatch::Alarm")).anySatisfy(alarm -> {
            assertThat(alarm.path("Properties").path("MetricName").asText()).isEqualTo(metric);
            assertThat(alarm.path("Properties").path("Threshold").asInt()).isEqualTo(1);
        });
    }

    /** One alert line, as Log writes it to standard output (which Lambda sends to the log group). */
    private static JsonNode alertLine() {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            cqrs.workbook.log.Log.at("alarm-check").alert("a line for the alarm's filter");
        } finally {
            System.setOut(original);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().map(World::json)
                .filter(json -> json.path("kind").asText().equals("alarm-check")).findFirst().orElseThrow();
    }

    // tag::sms-guards[]
    @Then("the API stage is throttled, and the routes that send SMS more tightly")
    public void throttling() {
        JsonNode settings = template.path("Globals").path("Api").path("MethodSettings");
        Map<String, JsonNode> byRoute = new java.util.HashMap<>();
        settings.forEach(s -> byRoute.put(s.path("HttpMethod").asText() + " " + s.path("ResourcePath").asText(), s));
        JsonNode all = byRoute.get("* /*");
        assertThat(all).as("a throttle on every route of the stage").isNotNull();
        assertThat(parameterDefault(all.path("ThrottlingRateLimit"))).isPositive();
        for (String route : SMS_ROUTES) {
            JsonNode sms = byRoute.get(route);
            assertThat(sms).as("a throttle on " + route).isNotNull();
            assertThat(parameterDefault(sms.path("ThrottlingRateLimit")))
                    .isLessThan(parameterDefault(all.path("ThrottlingRateLimit")));
            assertThat(parameterDefault(sms.path("ThrottlingBurstLimit")))
                    .isLessThan(parameterDefault(all.path("ThrottlingBurstLimit")));
        }
    }
    // end::sms-guards[]

    @Then("the countries SMS may go to default to {string}, as in the harness")
    public void smsCountries(String countries) {
        assertThat(template.path("Parameters").path("SmsCountries").path("Default").asText())
                .isEqualTo(countries).isEqualTo(Resources.SMS_COUNTRIES);
        assertThat(resource("HandlerFunction").path("Properties").path("Environment").path("Variables")
                .path("SMS_COUNTRIES").asText()).isEqualTo("SmsCountries");
    }

    @Then("the function names the parameter of its OTP keys, may read only that parameter, and no key is in the template")
    public void keysParameter() {
        JsonNode variables = resource("HandlerFunction").path("Properties").path("Environment").path("Variables");
        assertThat(variables.path("OTP_KEYS_PARAMETER").asText()).isEqualTo("OtpKeysParameter");
        assertThat(variables.has("OTP_HMAC_KEY")).isFalse();
        JsonNode statements = resource("HandlerRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement");
        List<JsonNode> ssm = StreamSupport.stream(statements.spliterator(), false)
                .filter(s -> s.path("Action").toString().contains("ssm:")).toList();
        assertThat(ssm).singleElement().satisfies(s -> {
            assertThat(s.path("Action").asText()).isEqualTo("ssm:GetParameter");
            assertThat(s.path("Resource").asText()).endsWith(":parameter${OtpKeysParameter}");
        });
        assertThat(template.path("Parameters").fieldNames()).toIterable().noneMatch(name -> name.contains("Key")
                && !name.equals("OtpKeysParameter"));
        assertThat(text).doesNotContain("NoEcho");
    }

    /** A value given as a parameter reference ({@code !Ref X} reads as "X") is the parameter's default. */
    private int parameterDefault(JsonNode value) {
        if (value.isNumber()) {
            return value.asInt();
        }
        return template.path("Parameters").path(value.asText()).path("Default").asInt();
    }
}
