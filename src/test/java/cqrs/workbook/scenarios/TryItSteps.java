package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import cqrs.workbook.local.LocalRunner;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the guide's "Try it" session, a shell script, against the HTTP front that make run
 * starts, and attaches each command with what it printed ({@code session.json}).
 */
public final class TryItSteps {

    static final String ATTACHMENT = "session.json";
    /** A line {@code # part: name} starts a part of the session; the guide shows parts one at a time. */
    private static final Pattern PART = Pattern.compile("^# part: ([\\w-]+)\\s*$");
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3})");
    /** Ample for a session that waits for the event handler and the projection a few times. */
    private static final long DEADLINE_SECONDS = 120;

    private final World world;
    private LocalRunner.HttpFront front;
    private final List<Command> commands = new ArrayList<>();

    /** One command of the session (a block of lines between blank lines), and what it printed. */
    record Command(String part, String text, String output, int exit) {}

    public TryItSteps(World world) {
        this.world = world;
    }

    @Given("the local server of make run, in front of this run's handler, on a free port")
    public void localServer() throws IOException {
        front = LocalRunner.HttpFront.start(0, world.env.lambda, world.env.backend,
                java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    @After("@try-it")
    public void attachSession(Scenario scenario) {
        if (front != null) {
            front.close();
        }
        ArrayNode all = World.JSON.createArrayNode();
        commands.forEach(c -> all.addObject().put("part", c.part()).put("command", c.text())
                .put("output", c.output()).put("exit", c.exit()));
        scenario.attach(all.toPrettyString().getBytes(StandardCharsets.UTF_8), "application/json", ATTACHMENT);
    }

    /**
     * Each block runs in one bash, one after the other, so that the variables one block sets
     * are there for the next, as in a terminal; each block's output goes to a file of its own.
     */
    @When("the session {string} runs against it")
    public void runSession(String script) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        List<Command> blocks = blocks(Files.readAllLines(root.resolve(script)));
        Path dir = Files.createTempDirectory("try-it");
        StringBuilder driver = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            driver.append("{\n").append(blocks.get(i).text()).append("\n} >\"$TRY_IT_OUT/").append(i)
                    .append(".out\" 2>&1\necho $? >\"$TRY_IT_OUT/").append(i).append(".exit\"\n");
        }
        Path driverFile = dir.resolve("session-driver.sh");
        Files.writeString(driverFile, driver);
        ProcessBuilder bash = new ProcessBuilder("bash", driverFile.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile());
        bash.environment().put("B", "http://127.0.0.1:" + front.port());
        bash.environment().put("TRY_IT_OUT", dir.toString());
        Process process = bash.start();
        boolean finished = process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        for (int i = 0; i < blocks.size(); i++) {
            Path out = dir.resolve(i + ".out");
            Path exit = dir.resolve(i + ".exit");
            commands.add(new Command(blocks.get(i).part(), blocks.get(i).text(),
                    Files.exists(out) ? Files.readString(out).replace("\r", "") : "",
                    Files.exists(exit) ? Integer.parseInt(Files.readString(exit).strip()) : -1));
        }
        assertThat(finished).as("the session finished within " + DEADLINE_SECONDS + " s; it stopped at: "
                + commands.stream().filter(c -> c.exit() == -1).map(Command::text).findFirst().orElse("?")).isTrue();
    }

    /** The script's blocks: lines between blank lines, without their comment lines, each in its part. */
    static List<Command> blocks(List<String> lines) {
        List<Command> blocks = new ArrayList<>();
        String part = null;
        List<String> block = new ArrayList<>();
        for (String line : lines.stream().map(String::stripTrailing).toList()) {
            Matcher named = PART.matcher(line);
            if (named.matches()) {
                part = named.group(1);
            } else if (line.isEmpty()) {
                add(blocks, part, block);
            } else if (!line.startsWith("#")) {
                block.add(line);
            }
        }
        add(blocks, part, block);
        return blocks;
    }

    private static void add(List<Command> blocks, String part, List<String> block) {
        if (!block.isEmpty()) {
            if (part == null) {
                throw new IllegalArgumentException("a command before the session's first '# part:' line: " + block);
            }
            blocks.add(new Command(part, String.join("\n", block), "", 0));
            block.clear();
        }
    }

    @Then("every command of the session exited with 0")
    public void allExitedZero() {
        assertThat(commands).isNotEmpty();
        commands.forEach(c -> assertThat(c.exit()).as(c.text() + "\nprinted:\n" + c.output()).isZero());
    }

    @Then("the session's HTTP answers were, part by part")
    public void statuses(DataTable expected) {
        Map<String, String> actual = new LinkedHashMap<>();
        for (Command command : commands) {
            Matcher status = STATUS_LINE.matcher(command.output());
            while (status.find()) {
                actual.merge(command.part(), status.group(1), (a, b) -> a + " " + b);
            }
        }
        assertThat(actual).isEqualTo(expected.asMap(String.class, String.class).entrySet().stream()
                .filter(e -> !e.getKey().equals("part"))
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
    }

    @Then("the session registered one org")
    public void oneOrg() {
        List<String> orgs = world.storedEvents().stream().map(e -> e.split(" ")[0])
                .filter(stream -> stream.startsWith("org#")).distinct().toList();
        assertThat(orgs).hasSize(1);
        world.orgId = orgs.getFirst().substring("org#".length());
    }
}
