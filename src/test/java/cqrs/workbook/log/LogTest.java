package cqrs.workbook.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
        Log.requestId(null);
    }

    private JsonNode onlyLine() throws Exception {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aLineIsOneJsonObjectWithItsFields() throws Exception {
        Log.requestId("req-1");
        Log.at("event").stream("org#42").version(3).eventId("e-1").info("OrgRegistered \"quoted\"\nnext");

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("kind").asText()).isEqualTo("event");
        assertThat(line.path("message").asText()).isEqualTo("OrgRegistered \"quoted\"\nnext");
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("stream").asText()).isEqualTo("org#42");
        assertThat(line.path("version").asLong()).isEqualTo(3);
        assertThat(line.path("eventId").asText()).isEqualTo("e-1");
        assertThat(line.path("timestamp").asText()).endsWith("Z");
    }

    @Test
    void phoneNumbersAreMaskedInMessagesAndStreams() throws Exception {
        Log.at("sms").stream("otp#+6591234567").warn("not sent to +6591234567 nor +447911123456");

        JsonNode line = onlyLine();
        assertThat(line.toString()).doesNotContain("91234567", "7911123456");
        assertThat(line.path("stream").asText()).isEqualTo("otp#+65******67");
        assertThat(line.path("message").asText()).isEqualTo("not sent to +65******67 nor +44********56");
        assertThat(line.path("level").asText()).isEqualTo("WARN");
    }

    @Test
    void controlCharactersAreEscaped() throws Exception {
        Log.line("http", "a\u0001b\tc");

        assertThat(onlyLine().path("message").asText()).isEqualTo("a\u0001b\tc");
        assertThat(onlyLine().has("requestId")).isFalse();
    }
}
