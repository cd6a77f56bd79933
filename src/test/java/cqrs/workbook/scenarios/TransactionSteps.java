package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/** Steps of the optimistic-lock features: writers racing for the same version. */
public final class TransactionSteps {

    private final World world;
    private final List<String> parallelNames = new ArrayList<>();
    private final List<Exchange> parallelAnswers = new ArrayList<>();

    public TransactionSteps(World world) {
        this.world = world;
    }

    @Given("another writer will replace the org's name by {string} just before the next append")
    public void competingWriter(String name) {
        String orgId = world.orgId;
        world.env.faults.beforeNextAppend(() -> {
            Exchange competing = world.http("PUT", "/orgs/" + orgId,
                    World.headers("Content-Type", "application/json", "Authorization", "Bearer "
                            + world.token),
                    OrgSteps.profile(name, "Singapore", "SG"));
            assertThat(competing.status()).as("the competing write").isEqualTo(200);
        });
    }

    @Given("other writers will replace the org's name just before each of the next {int} appends")
    public void competingWriters(int count) {
        for (int i = 1; i <= count; i++) {
            competingWriter("Competitor " + i);
        }
    }

    @When("{int} clients replace the org's profile at the same time, each with a name of its own")
    public void parallelWriters(int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Exchange>> answers = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            String name = "Parallel " + i;
            parallelNames.add(name);
            answers.add(pool.submit(() -> {
                start.await();
                return world.http("PUT", "/orgs/" + world.orgId,
                        World.headers("Content-Type", "application/json", "Authorization", "Bearer " + world.token),
                        OrgSteps.profile(name, "Singapore", "SG"));
            }));
        }
        start.countDown();
        for (Future<Exchange> answer : answers) {
            parallelAnswers.add(answer.get());
        }
        pool.shutdown();
    }

    @Then("every answer is 200 or 409")
    public void everyAnswer() {
        assertThat(parallelAnswers).extracting(Exchange::status).allMatch(s -> s == 200 || s == 409);
        assertThat(parallelAnswers).extracting(Exchange::status).contains(200);
    }

    @Then("the org's stream has one event per version from 1 up, with no gap")
    public void noGap() {
        List<Long> versions = world.stream(world.orgStream()).stream()
                .map(item -> Long.parseLong(item.get("version").n())).toList();
        assertThat(versions).isEqualTo(LongStream.rangeClosed(1, versions.size()).boxed().toList());
    }

    @Then("each 200 answer names a version of its own, holding that client's name")
    public void ownVersions() {
        Map<Long, String> storedNames = new java.util.HashMap<>();
        world.stream(world.orgStream()).forEach(item -> storedNames.put(Long.parseLong(item.get("version").n()),
                World.json(item.get("payload").s()).path("profile").path("name").asText()));
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < parallelAnswers.size(); i++) {
            Exchange answer = parallelAnswers.get(i);
            if (answer.status() == 200) {
                long version = answer.json().path("version").asLong();
                versions.add(version);
                assertThat(storedNames.get(version)).isEqualTo(parallelNames.get(i));
            }
        }
        assertThat(versions).doesNotHaveDuplicates();
        assertThat(storedNames).hasSize(versions.size() + 1);
    }
}
