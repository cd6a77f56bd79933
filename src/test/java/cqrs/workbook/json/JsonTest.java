package cqrs.workbook.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.City;
import cqrs.workbook.org.CountryCode;
import cqrs.workbook.org.Location;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.org.OrgProfile;
import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stored form keeps a code's hash and an org's owner; the public form writes neither. */
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
    void the_owner_of_an_org_is_stored_and_not_published() {
        EventCodec<OrgEvent> orgs = new EventCodec<>(OrgEvent.class);
        PhoneNumber owner = PhoneNumber.of("+6590000100");
        OrgProfile profile = new OrgProfile(OrgName.of("Acme"), new Location(City.of("Singapore"), CountryCode.of("SG")),
                Optional.empty(), Optional.of(PhoneNumber.of("+6591234567")));
        OrgId id = OrgId.of("6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b");
        for (OrgEvent event : List.<OrgEvent>of(new OrgRegistered(id, owner, profile, T),
                new OrgProfileUpdated(id, owner, profile, false, false, T))) {
            assertThat(orgs.fromStoredJson(orgs.type(event), orgs.toStoredJson(event))).isEqualTo(event);
            String published = orgs.toPublicJson(event).toString();
            assertThat(published).doesNotContain("owner").doesNotContain(owner.value()).contains("+6591234567");
        }
    }

    @Test
    void the_public_mapper_refuses_any_hash_it_is_given() {
        assertThatThrownBy(() -> Json.PUBLIC.writeValueAsString(List.of(HASH)))
                .hasMessageContaining("must not leave the event store");
    }
}
