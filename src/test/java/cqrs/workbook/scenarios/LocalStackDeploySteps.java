package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.URI;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploys template.yaml to LocalStack with CloudFormation (SAM transform included) and sends
 * one command through the API it creates. Only LocalStack runs the SAM transform and
 * Lambda functions, and only with Docker: on moto the scenario is reported skipped, saying why.
 */
public final class LocalStackDeploySteps {

    private final World world;
    private CloudFormationClient cloudFormation;
    private String stack;

    public LocalStackDeploySteps(World world) {
        this.world = world;
    }

    @Given("the scenarios run on LocalStack, which needs a Docker engine")
    public void onLocalStack() {
        if (!world.env.backend.name().equals("localstack")) {
            throw new TestAbortedException("skipped: the scenarios run on " + world.env.backend.name()
                    + "; deploying the template needs LocalStack, which needs a Docker engine");
        }
    }

    @When("template.yaml is deployed to LocalStack with the packaged zip")
    public void deploy() throws Exception {
        var credentials = StaticCredentialsProvider.create(world.env.backend.credentials().orElseThrow());
        URI endpoint = world.env.backend.endpoint().orElseThrow();
        S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(world.env.backend.region())
                .credentialsProvider(credentials).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        cloudFormation = CloudFormationClient.builder().endpointOverride(endpoint).region(world.env.backend.region())
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        Path zip = Path.of("target/cqrs-workbook-lambda.zip");
        assertThat(zip).as("the zip of make package (built in the package phase)").exists();
        String bucket = "workbook-deploy-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(p -> p.bucket(bucket).key("lambda.zip"), RequestBody.fromFile(zip));
        String template = Files.readString(Path.of("template.yaml"))
                .replace("CodeUri: target/deploy/function.zip", "CodeUri: s3://" + bucket + "/lambda.zip");
        stack = "workbook-" + UUID.randomUUID().toString().substring(0, 8);
        // What make deploy asks of a deployer: the keys parameter exists before the stack.
        String keys = "/" + stack + "/otp-keys";
        world.env.aws.ssm().putParameter(p -> p.name(keys).type(ParameterType.SECURE_STRING)
                .value("{\"current\": \"1\", \"keys\": {\"1\": \"" + "k".repeat(64) + "\"}}"));
        cloudFormation.createStack(c -> c.stackName(stack).templateBody(template)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND)
                .parameters(Parameter.builder().parameterKey("Stage").parameterValue(stack).build(),
                        Parameter.builder().parameterKey("OtpKeysParameter").parameterValue(keys).build()));
    }

    @Then("the stack is created")
    public void created() {
        StackStatus status = Eventually.poll("the stack " + stack, () -> cloudFormation
                .describeStacks(d -> d.stackName(stack)).stacks().getFirst().stackStatus(),
                s -> !s.toString().endsWith("IN_PROGRESS"));
        assertThat(status).isEqualTo(StackStatus.CREATE_COMPLETE);
    }

    @Then("registering an org through the deployed API answers {int} with version {int}")
    public void command(int status, int version) throws Exception {
        String apiId = cloudFormation.describeStackResources(d -> d.stackName(stack)).stackResources().stream()
                .filter(r -> r.resourceType().equals("AWS::ApiGateway::RestApi")).findFirst().orElseThrow()
                .physicalResourceId();
        URI api = world.env.backend.endpoint().orElseThrow().resolve("/restapis/" + apiId + "/Prod/_user_request_/");
        // Sign in through the deployed API first: a code, read from the SMS LocalStack recorded, then verified.
        String phone = World.CLIENT_PHONE;
        int received = world.env.backend.smsSentTo(phone).size();
        HttpResponse<String> issued = post(api.resolve("otp"), Map.of(), "{\"phone\": \"" + phone + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String sms = Eventually.poll("an SMS to " + phone, () -> world.env.backend.smsSentTo(phone),
                messages -> messages.size() > received).getLast().message();
        String code = sms.replaceAll("(?s).*\\b([0-9]{6})\\b.*", "$1");
        HttpResponse<String> verified = post(api.resolve("otp/verify"), Map.of(),
                "{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        String token = World.json(verified.body()).path("token").asText();
        HttpResponse<String> answer = post(api.resolve("orgs"), Map.of("Authorization", "Bearer " + token),
                OrgSteps.profile("Deployed Pte Ltd", "Singapore", "SG"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(World.json(answer.body()).path("version").asInt()).isEqualTo(version);
        cloudFormation.deleteStack(d -> d.stackName(stack));
    }

    private static HttpResponse<String> post(URI uri, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
