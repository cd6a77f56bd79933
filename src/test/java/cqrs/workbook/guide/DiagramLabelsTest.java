package cqrs.workbook.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A figure that names what the code no longer has fails the guide's build. */
class DiagramLabelsTest {

    private static DiagramLabels.Code code;

    @BeforeAll
    static void readTheCode() throws IOException {
        code = DiagramLabels.Code.read(Path.of("."));
    }

    @Test
    void the_publisher_is_asked_what_it_sets() {
        assertThat(code.group()).isEqualTo("stream");
        assertThat(code.deduplicationId()).isEqualTo("eventId");
    }

    @Test
    void the_figures_of_the_guide_name_only_what_the_code_has() throws IOException {
        assertThat(DiagramLabels.problems(Path.of("."))).isEmpty();
    }

    @Test
    void a_deduplication_id_the_code_replaced_is_a_problem() {
        assertThat(DiagramLabels.check("old.puml",
                "CH -> SNS : Publish, group = stream,\\ndeduplication id = stream:(n + 1)\n", code))
                .singleElement().asString().contains("deduplication id is \"stream:(n + 1)\"", "eventId");
        assertThat(DiagramLabels.check("split.puml", "R -> SNS : Publish,\\ndeduplication\\nid = stream:version\n", code))
                .singleElement().asString().contains("\"stream:version\"");
        assertThat(DiagramLabels.check("new.puml",
                "R -> SNS : Publish, group = stream,\\ndeduplication id = event id\n", code)).isEmpty();
    }

    @Test
    void another_message_group_is_a_problem() {
        assertThat(DiagramLabels.check("x.puml", "R -> SNS : message group = org\n", code))
                .singleElement().asString().contains("message group is \"org\"");
    }

    @Test
    void a_route_the_contract_lacks_is_a_problem() {
        assertThat(DiagramLabels.check("x.puml", "C -> L : POST /otp or /orgz, PUT /orgs/{orgId}\n", code))
                .singleElement().asString().contains("POST /orgz");
        assertThat(DiagramLabels.check("x.puml", "C -> L : DELETE /orgs/{id}\n", code))
                .singleElement().asString().contains("DELETE /orgs/{id}");
    }

    @Test
    void an_event_the_domain_lacks_is_a_problem() {
        assertThat(DiagramLabels.check("x.puml", "CH -> Q : OrgCreated (org#id, v1)\n", code))
                .singleElement().asString().contains("OrgCreated", "OrgRegistered");
        assertThat(DiagramLabels.check("x.puml", "CH -> ES : PutItem, then OtpIssued; VersionTaken\n", code)).isEmpty();
    }

    @Test
    void queues_keys_problems_and_streams_are_read_from_the_template_and_the_code() {
        assertThat(DiagramLabels.check("x.puml", """
                queue "SQS FIFO\\nreactions.fifo" as q
                database "events table\\nkey: stream, revision" as e
                CH --> C : 503 broker-down
                CH -> ES : user#id
                """, code)).hasSize(4);
    }
}
