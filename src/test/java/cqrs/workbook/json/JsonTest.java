package cqrs.workbook.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form keeps a code's hash; the public form cannot write one. */
class JsonTest {

    private static final CodeHash HASH = new CodeHash("1", "ab".repeat(32));
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final EventCodec<OtpEvent> codec = new EventCodec<>(OtpEvent.class);

    @Test
    void the_stored_form_round_trips_with_the_hash() {
        OtpIssued issued = new OtpIssued("otp-1", HASH, T, T.plusSeconds(300), List.of(T));
        String stored = codec.toStoredJson(issued);
        assertThat(stored).contains(HASH.hex());
        assertThat(codec.fromStoredJson("OtpIssued", stored)).isEqualTo(issued);
    }

    @Test
    void the_public_form_leaves_the_hash_out() {
        OtpIssued issued = new OtpIssued("otp-1", HASH, T, T.plusSeconds(300), List.of(T));
        assertThat(codec.toPublicJson(issued).toString()).doesNotContain(HASH.hex()).doesNotContain("codeHash")
                .contains("otp-1");
    }

    @Test
    void the_public_mapper_refuses_any_hash_it_is_given() {
        assertThatThrownBy(() -> Json.PUBLIC.writeValueAsString(List.of(HASH)))
                .hasMessageContaining("must not leave the event store");
    }
}
