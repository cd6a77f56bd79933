package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** SnapStart priming, run by a fresh handler while every AWS call it makes is recorded. */
public final class PrimingSteps {

    /** The phone of priming's verification request: it must receive no text. */
    private static final String SENTINEL_PHONE = "+6510000000";

    private final World world;
    private final Set<String> calls = new ConcurrentSkipListSet<>();
    private Map<String, String> answers;
    private Set<String> viewsBefore;
    private int textsBefore;

    public PrimingSteps(World world) {
        this.world = world;
    }

    /** Each AWS call of the handler, as "Service.Operation outcome", at the SDK boundary. */
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            calls.add(operation(attributes) + "|answered");
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context,
                ExecutionAttributes attributes) {
            String why = context.exception() instanceof AwsServiceException refused
                    ? refused.getClass().getSimpleName() : context.exception().toString();
            calls.add(operation(attributes) + "|refused: " + why);
        }
    };

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    @Given("the event store, the views and the texts sent so far are noted")
    public void noted() {
        world.storeBeforeLastCommand = world.storedEvents();
        world.published(0); // what earlier steps published is set aside
        world.published.clear();
        viewsBefore = views();
        textsBefore = world.env.backend.smsSentTo(SENTINEL_PHONE).size();
    }

    @When("a fresh handler primes itself, as it does before the snapshot")
    public void primes() {
        Map<String, String> environment = world.env.resources.lambdaEnvironment(world.env.backend, world.env.otpKey,
                world.env.publishing().value());
        Handler handler = new Handler(Application.create(Config.from(environment), world.env.clock, List.of(recorder)));
        answers = handler.prime();
    }

    @Then("each priming request had the answer")
    public void answers(DataTable table) {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        table.asMaps().forEach(row -> expected.put(row.get("request"), row.get("answer")));
        assertThat(answers).containsExactlyEntriesOf(expected);
    }

    @Then("its AWS calls, from its init on, were these and no other")
    public void callsWere(DataTable table) {
        Set<String> expected = table.asMaps().stream().map(row -> row.get("call") + "|" + row.get("outcome"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(calls)).isEqualTo(expected);
    }

    @Then("the views are unchanged, and no text was sent")
    public void viewsAndTexts() {
        assertThat(views()).isEqualTo(viewsBefore);
        assertThat(world.env.backend.smsSentTo(SENTINEL_PHONE)).hasSize(textsBefore);
    }

    @Then("the number priming uses is one the API refuses to text")
    public void sentinelUntextable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cqrs.workbook.kernel.PhoneNumber.of(SENTINEL_PHONE))
                .isInstanceOf(cqrs.workbook.kernel.InvalidValue.class);
    }

    private Set<String> views() {
        return world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.viewsTable).consistentRead(true))
                .items().stream().map(Object::toString).collect(Collectors.toSet());
    }
}
