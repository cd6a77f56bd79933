package cqrs.workbook.guide;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.otp.OtpCommand;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpRejection;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * A figure must not name what the code no longer has. Every label of {@code docs/diagrams/*.puml}
 * that looks like code is checked against the code: the message group and the deduplication id
 * against what {@link EventPublisher} sets (found by calling it), routes against
 * {@code openapi.yaml}, event, command and class names against the sources and the domain's
 * sealed types, queue and topic names and key attributes against {@code template.yaml},
 * problem types against the sources, and anything in backticks against the sources.
 */
final class DiagramLabels {

    /** Names in the figures that look like code but are products or AWS terms, not identifiers. */
    private static final Set<String> NOT_CODE = Set.of("DynamoDB", "SnapStart", "LocalStack", "CloudFormation",
            "CloudWatch", "JWT", "JWS", "API", "SNS", "SQS", "KMS", "SMS", "FIFO", "DLQ", "ECDSA", "ES256", "HTTP");
    /** AWS services whose API names (PutItem, GetPublicKey) a figure may use: checked against the SDK's model. */
    private static final List<String> SERVICES = List.of("dynamodb", "sns", "sqs", "kms", "ssm", "lambda");

    private static final Pattern DEDUP = Pattern.compile(
            "(?i)\\bdeduplication\\s+id\\b\\s*(?:=|:)?\\s*([^,\"\\n]+)");
    private static final Pattern GROUP = Pattern.compile(
            "(?i)(?:\\bmessage group\\b\\s*(?:=|:)?|\\bgroup\\s*=)\\s*([^,\"\\n]+)");
    private static final Pattern ROUTE = Pattern.compile(
            "\\b(GET|POST|PUT|DELETE|PATCH)\\s+(/[\\w{}./-]*)((?:\\s*(?:,|or|and)\\s*/[\\w{}./-]*)*)");
    private static final Pattern MORE_PATHS = Pattern.compile("/[\\w{}./-]*");
    private static final Pattern CAMEL = Pattern.compile("\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\\b");
    private static final Pattern FIFO_NAME = Pattern.compile("\\b([a-z][\\w-]*)\\.fifo\\b");
    private static final Pattern TABLE_KEY = Pattern.compile("(?m)^\\s*key:\\s*([\\w, ]+)");
    private static final Pattern PROBLEM = Pattern.compile("\\b[45]\\d\\d\\s+([a-z]+(?:-[a-z]+)+)\\b");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern STREAM_PREFIX = Pattern.compile("\\b([a-z]+)#");
    private static final Pattern OPENAPI_PATH = Pattern.compile("(?m)^  (/[^:\\s]*):\\s*$");
    private static final Pattern OPENAPI_METHOD = Pattern.compile("(?m)^    (get|post|put|delete|patch):\\s*$");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|record|interface|enum)\\s+(\\w+)");

    /** What the code has, as far as the figures can name it. */
    record Code(String group, String deduplicationId, Set<String> routes, Set<String> paths, Set<String> types,
                Set<String> eventTypes, Set<String> streamPrefixes, String template, String sources) {

        static Code read(Path root) throws IOException {
            PublishRequest publish = publishOf(SAMPLE);
            Set<String> routes = new TreeSet<>();
            Set<String> paths = new TreeSet<>();
            String openapi = Files.readString(root.resolve("openapi.yaml"));
            Matcher path = OPENAPI_PATH.matcher(openapi);
            List<int[]> starts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (path.find()) {
                starts.add(new int[] {path.start()});
                names.add(path.group(1));
            }
            for (int i = 0; i < names.size(); i++) {
                int end = i + 1 < names.size() ? starts.get(i + 1)[0] : openapi.length();
                Matcher method = OPENAPI_METHOD.matcher(openapi.substring(starts.get(i)[0], end));
                paths.add(pathTemplate(names.get(i)));
                while (method.find()) {
                    routes.add(method.group(1).toUpperCase(Locale.ROOT) + " " + pathTemplate(names.get(i)));
                }
            }
            StringBuilder sources = new StringBuilder();
            Set<String> types = new HashSet<>();
            try (Stream<Path> files = Files.walk(root.resolve("src/main/java"))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    sources.append(text).append('\n');
                    DECLARED.matcher(text).results().forEach(m -> types.add(m.group(1)));
                }
            }
            Set<String> eventTypes = new TreeSet<>();
            for (Class<?> sealed : List.of(OtpEvent.class, OrgEvent.class)) {
                for (Class<?> type : sealed.getPermittedSubclasses()) {
                    eventTypes.add(type.getSimpleName());
                }
            }
            for (Class<?> sealed : List.of(OtpEvent.class, OrgEvent.class, OtpCommand.class, OrgCommand.class,
                    OtpRejection.class, OrgRejection.class)) {
                for (Class<?> type : sealed.getPermittedSubclasses()) {
                    types.add(type.getSimpleName());
                }
            }
            return new Code(fieldNamed(publish.messageGroupId()), fieldNamed(publish.messageDeduplicationId()),
                    routes, paths, types, eventTypes,
                    Set.of(Aggregates.OTP.name(), Aggregates.ORG.name()),
                    Files.readString(root.resolve("template.yaml")), sources.toString());
        }
    }

    /** An event whose every field differs, so that a value the publisher sets names its field. */
    private static final PublishedEvent SAMPLE = new PublishedEvent("org#the-stream", 7, "TheType", "the-event-id",
            Instant.parse("2026-01-02T03:04:05Z"), JsonNodeFactory.instance.objectNode());

    private DiagramLabels() {}

    static List<String> problems(Path root) throws IOException {
        Code code = Code.read(root);
        List<String> problems = new ArrayList<>();
        try (Stream<Path> diagrams = Files.list(root.resolve("docs/diagrams"))) {
            for (Path diagram : diagrams.filter(p -> p.toString().endsWith(".puml")).sorted().toList()) {
                problems.addAll(check(root.relativize(diagram).toString(), Files.readString(diagram), code));
            }
        }
        return problems;
    }

    static List<String> check(String name, String puml, Code code) {
        List<String> problems = new ArrayList<>();
        // Comments and directives say nothing to the reader.
        String labels = puml.lines().filter(line -> !line.strip().startsWith("'") && !line.strip().startsWith("!")
                        && !line.strip().startsWith("skinparam") && !line.strip().startsWith("@"))
                .reduce("", (a, b) -> a + b + "\n")
                .replace("\\n", "\n"); // a line break inside a label
        for (Matcher m = DEDUP.matcher(labels); m.find(); ) {
            if (!sameName(value(m.group(1)), code.deduplicationId())) {
                problems.add(name + " says the deduplication id is \"" + value(m.group(1))
                        + "\"; EventPublisher sets the " + code.deduplicationId());
            }
        }
        for (Matcher m = GROUP.matcher(labels); m.find(); ) {
            if (!sameName(value(m.group(1)), code.group())) {
                problems.add(name + " says the message group is \"" + value(m.group(1))
                        + "\"; EventPublisher sets the " + code.group());
            }
        }
        Set<String> routed = new HashSet<>();
        for (Matcher m = ROUTE.matcher(labels); m.find(); ) {
            List<String> paths = new ArrayList<>(List.of(m.group(2)));
            MORE_PATHS.matcher(m.group(3)).results().forEach(more -> paths.add(more.group()));
            routed.addAll(paths);
            for (String path : paths) {
                String route = m.group(1) + " " + pathTemplate(path);
                if (!code.routes().contains(route)) {
                    problems.add(name + " names the route " + m.group(1) + " " + path + ", which openapi.yaml does not have");
                }
            }
        }
        for (Matcher m = Pattern.compile("(?<=[\\s\"(])(/[a-z_.][\\w{}./-]*)").matcher(labels); m.find(); ) {
            if (!routed.contains(m.group(1)) && !code.paths().contains(pathTemplate(m.group(1)))) {
                problems.add(name + " names the path " + m.group(1) + ", which openapi.yaml does not have");
            }
        }
        for (Matcher m = CAMEL.matcher(labels); m.find(); ) {
            String word = m.group();
            if (!NOT_CODE.contains(word) && !code.types().contains(word) && !inSdk(word)) {
                problems.add(name + " names " + word + ": no event type, command, class or AWS API of that name"
                        + (word.startsWith("Otp") || word.startsWith("Org") ? " (the events are " + code.eventTypes() + ")" : ""));
            }
        }
        for (Matcher m = FIFO_NAME.matcher(labels); m.find(); ) {
            if (!code.template().contains("-" + m.group(1) + ".fifo\"")) {
                problems.add(name + " names " + m.group() + ", which template.yaml does not create");
            }
        }
        for (Matcher m = TABLE_KEY.matcher(labels); m.find(); ) {
            for (String attribute : m.group(1).split(",")) {
                if (!attribute.isBlank() && !code.template().contains("AttributeName: " + attribute.strip() + "\n")) {
                    problems.add(name + " names the key attribute " + attribute.strip()
                            + ", which no table of template.yaml has");
                }
            }
        }
        for (Matcher m = PROBLEM.matcher(labels); m.find(); ) {
            if (!code.sources().contains("\"" + m.group(1) + "\"")) {
                problems.add(name + " names the problem " + m.group(1) + ", which the code never answers");
            }
        }
        for (Matcher m = STREAM_PREFIX.matcher(labels); m.find(); ) {
            if (!code.streamPrefixes().contains(m.group(1))) {
                problems.add(name + " names a stream " + m.group() + "…, but the aggregates are " + code.streamPrefixes());
            }
        }
        for (Matcher m = BACKTICKED.matcher(labels); m.find(); ) {
            if (!code.sources().contains(m.group(1))) {
                problems.add(name + " names `" + m.group(1) + "`, which the sources do not hold");
            }
        }
        return problems;
    }

    /** A label's value, without the parenthesis that closes around it: "(group = stream)". */
    private static String value(String text) {
        String value = text.strip();
        return value.endsWith(")") && value.chars().filter(c -> c == ')').count()
                > value.chars().filter(c -> c == '(').count() ? value.substring(0, value.length() - 1).strip() : value;
    }

    /** "event id", "eventId" and "the event's id" name the same field. */
    private static boolean sameName(String label, String field) {
        String said = label.toLowerCase(Locale.ROOT).replace("'s", "").replaceAll("^\\s*the\\s+", "")
                .replaceAll("[^a-z0-9:]", "");
        return said.equals(field.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9:]", ""));
    }

    /** Path parameters compare by place, not name. */
    private static String pathTemplate(String path) {
        return path.replaceAll("\\{[^}]*}", "{}").replaceAll("(.)/$", "$1");
    }

    private static boolean inSdk(String word) {
        for (String service : SERVICES) {
            for (String suffix : List.of("Request", "")) {
                try {
                    Class.forName("software.amazon.awssdk.services." + service + ".model." + word + suffix, false,
                            DiagramLabels.class.getClassLoader());
                    return true;
                } catch (ClassNotFoundException notThere) {
                    // the next service
                }
            }
        }
        return false;
    }

    /** What the real publisher asks SNS for, caught before it leaves: nothing is sent. */
    static PublishRequest publishOf(PublishedEvent event) {
        PublishRequest[] caught = new PublishRequest[1];
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("publish") && args != null && args[0] instanceof PublishRequest request) {
                caught[0] = request;
                return PublishResponse.builder().messageId("caught").build();
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
        };
        SnsClient sns = (SnsClient) Proxy.newProxyInstance(DiagramLabels.class.getClassLoader(),
                new Class<?>[] {SnsClient.class}, handler);
        new EventPublisher(sns, "arn:aws:sns:eu-west-1:000000000000:caught.fifo").publish(event);
        if (caught[0] == null) {
            throw new IllegalStateException("EventPublisher published nothing");
        }
        return caught[0];
    }

    /**
     * The field of the published event whose value the publisher used ("stream", "eventId"),
     * or two joined by a colon ("stream:version").
     */
    private static String fieldNamed(String value) {
        List<String> found = new ArrayList<>();
        RecordComponent[] components = PublishedEvent.class.getRecordComponents();
        for (RecordComponent a : components) {
            if (value.equals(valueOf(a))) {
                found.add(a.getName());
            }
            for (RecordComponent b : components) {
                if (value.equals(valueOf(a) + ":" + valueOf(b))) {
                    found.add(a.getName() + ":" + b.getName());
                }
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException("cannot tell which field of the event \"" + value + "\" is: " + found);
        }
        return found.getFirst();
    }

    private static String valueOf(RecordComponent component) {
        try {
            return String.valueOf(component.getAccessor().invoke(SAMPLE));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
