package cqrs.workbook.org;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.kernel.DeciderSpec;
import cqrs.workbook.kernel.Decision;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.OrgCommand.MarkContactVerified;
import cqrs.workbook.org.OrgCommand.RegisterOrg;
import cqrs.workbook.org.OrgCommand.UpdateOrgProfile;
import cqrs.workbook.org.OrgEvent.OrgContactVerified;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgRejection.AlreadyRegistered;
import cqrs.workbook.org.OrgRejection.NotOwner;
import cqrs.workbook.org.OrgRejection.NotRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The org decider, as "given these events, when this command, then this event or rejection". */
class OrgDeciderTest {

    private static final OrgDecider DECIDER = new OrgDecider();

    private static final OrgId ID = OrgId.of("6f1c2a4e-8d3b-4f5a-9c7e-0b1d2e3f4a5b");
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    private static final PhoneNumber PHONE_1 = PhoneNumber.of("+6591234567");
    private static final PhoneNumber PHONE_2 = PhoneNumber.of("+6598765432");
    /** The phone that signed in and registered the org, and one that did not. */
    private static final PhoneNumber OWNER = PhoneNumber.of("+6590001111");
    private static final PhoneNumber STRANGER = PhoneNumber.of("+6590002222");

    private static final OrgProfile ACME = profile("Acme", Optional.of(PHONE_1));
    private static final OrgProfile ACME_RENAMED = profile("Acme Holdings", Optional.of(PHONE_1));
    private static final OrgProfile ACME_NEW_PHONE = profile("Acme", Optional.of(PHONE_2));
    private static final OrgProfile ACME_NO_PHONE = profile("Acme", Optional.empty());

    // ---------------------------------------------------------------- register

    @Nested
    class Register {

        @Test
        void on_an_empty_stream_the_org_is_registered() {
            given()
                    .when(new RegisterOrg(ID, OWNER, ACME, T0))
                    .then(new OrgRegistered(ID, OWNER, ACME, T0));
        }

        @Test
        void registering_twice_is_refused() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new RegisterOrg(ID, OWNER, ACME, at(1)))
                    .thenRejected(new AlreadyRegistered());
        }

        @Test
        void registering_twice_is_refused_even_with_another_profile() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new RegisterOrg(ID, OWNER, ACME_RENAMED, at(1)))
                    .thenRejected(new AlreadyRegistered());
        }
    }

    // ---------------------------------------------------------------- update profile

    @Nested
    class UpdateProfile {

        @Test
        void an_unregistered_org_cannot_be_updated() {
            given()
                    .when(new UpdateOrgProfile(ID, OWNER, ACME, T0))
                    .thenRejected(new NotRegistered());
        }

        @Test
        void only_the_owner_may_update_the_profile() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new UpdateOrgProfile(ID, STRANGER, ACME_RENAMED, at(1)))
                    .thenRejected(new NotOwner());
        }

        @Test
        void a_stranger_is_refused_even_with_the_identical_profile() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new UpdateOrgProfile(ID, STRANGER, ACME, at(1)))
                    .thenRejected(new NotOwner());
        }

        @Test
        void the_owner_is_carried_over_updates() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgProfileUpdated(ID, OWNER, ACME_RENAMED, false, false, at(1)))
                    .when(new UpdateOrgProfile(ID, STRANGER, ACME, at(2)))
                    .thenRejected(new NotOwner());
        }

        @Test
        void may_change_asks_the_same_question_before_the_body_is_read() {
            assertThat(OrgDecider.mayChange(new OrgState.Unregistered(), OWNER)).contains(new NotRegistered());
            OrgState registered = DECIDER.replay(List.of(new OrgRegistered(ID, OWNER, ACME, T0)));
            assertThat(OrgDecider.mayChange(registered, STRANGER)).contains(new NotOwner());
            assertThat(OrgDecider.mayChange(registered, OWNER)).isEmpty();
        }

        @Test
        void an_identical_profile_changes_nothing() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new UpdateOrgProfile(ID, OWNER, profile("Acme", Optional.of(PHONE_1)), at(1)))
                    .thenUnchanged();
        }

        @Test
        void a_profile_that_only_differs_by_surrounding_blanks_is_identical() {
            OrgProfile padded = new OrgProfile(OrgName.of("  Acme "), new Location(City.of(" Singapore"),
                    CountryCode.of("SG")), Optional.of(Website.of("https://acme.example")), Optional.of(PHONE_1));
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new UpdateOrgProfile(ID, OWNER, padded, at(1)))
                    .thenUnchanged();
        }

        @Test
        void a_changed_profile_is_recorded_unverified_when_never_verified() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new UpdateOrgProfile(ID, OWNER, ACME_RENAMED, at(1)))
                    .then(new OrgProfileUpdated(ID, OWNER, ACME_RENAMED, false, false, at(1)));
        }

        @Test
        void a_changed_profile_with_the_same_phone_keeps_the_verification() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)))
                    .when(new UpdateOrgProfile(ID, OWNER, ACME_RENAMED, at(2)))
                    .then(new OrgProfileUpdated(ID, OWNER, ACME_RENAMED, false, true, at(2)));
        }

        @Test
        void a_changed_phone_loses_the_verification() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)))
                    .when(new UpdateOrgProfile(ID, OWNER, ACME_NEW_PHONE, at(2)))
                    .then(new OrgProfileUpdated(ID, OWNER, ACME_NEW_PHONE, true, false, at(2)));
        }

        @Test
        void a_removed_phone_loses_the_verification() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)))
                    .when(new UpdateOrgProfile(ID, OWNER, ACME_NO_PHONE, at(2)))
                    .then(new OrgProfileUpdated(ID, OWNER, ACME_NO_PHONE, true, false, at(2)));
        }

        @Test
        void the_verification_is_carried_over_several_updates() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)),
                    new OrgProfileUpdated(ID, OWNER, ACME_RENAMED, false, true, at(2)))
                    .when(new UpdateOrgProfile(ID, OWNER, ACME, at(3)))
                    .then(new OrgProfileUpdated(ID, OWNER, ACME, false, true, at(3)));
        }

        @Test
        void changing_the_phone_back_does_not_bring_the_verification_back() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)),
                    new OrgProfileUpdated(ID, OWNER, ACME_NEW_PHONE, true, false, at(2)))
                    .when(new UpdateOrgProfile(ID, OWNER, ACME, at(3)))
                    .then(new OrgProfileUpdated(ID, OWNER, ACME, true, false, at(3)));
        }
    }

    // ---------------------------------------------------------------- mark contact verified

    @Nested
    class MarkVerified {

        @Test
        void the_current_phone_is_marked_verified() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new MarkContactVerified(ID, PHONE_1, at(1)))
                    .then(new OrgContactVerified(ID, PHONE_1, at(1)));
        }

        @Test
        void the_phone_of_the_latest_profile_is_the_current_one() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgProfileUpdated(ID, OWNER, ACME_NEW_PHONE, true, false, at(1)))
                    .when(new MarkContactVerified(ID, PHONE_2, at(2)))
                    .then(new OrgContactVerified(ID, PHONE_2, at(2)));
        }

        @Test
        void another_phone_changes_nothing() {
            given(new OrgRegistered(ID, OWNER, ACME, T0))
                    .when(new MarkContactVerified(ID, PHONE_2, at(1)))
                    .thenUnchanged();
        }

        @Test
        void a_late_verification_of_the_previous_phone_changes_nothing() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgProfileUpdated(ID, OWNER, ACME_NEW_PHONE, true, false, at(1)))
                    .when(new MarkContactVerified(ID, PHONE_1, at(2)))
                    .thenUnchanged();
        }

        @Test
        void a_profile_without_phone_has_nothing_to_verify() {
            given(new OrgRegistered(ID, OWNER, ACME_NO_PHONE, T0))
                    .when(new MarkContactVerified(ID, PHONE_1, at(1)))
                    .thenUnchanged();
        }

        @Test
        void an_already_verified_phone_changes_nothing() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)))
                    .when(new MarkContactVerified(ID, PHONE_1, at(2)))
                    .thenUnchanged();
        }

        @Test
        void a_phone_verified_and_kept_through_an_update_changes_nothing() {
            given(new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)),
                    new OrgProfileUpdated(ID, OWNER, ACME_RENAMED, false, true, at(2)))
                    .when(new MarkContactVerified(ID, PHONE_1, at(3)))
                    .thenUnchanged();
        }

        @Test
        void an_unregistered_org_cannot_be_marked() {
            given()
                    .when(new MarkContactVerified(ID, PHONE_1, T0))
                    .thenRejected(new NotRegistered());
        }
    }

    // ---------------------------------------------------------------- evolve and replay

    @Nested
    class Evolve {

        @Test
        void profile_events_restate_the_state_and_a_verification_does_not() {
            assertThat(DECIDER.restatesState(new OrgRegistered(ID, OWNER, ACME, T0))).isTrue();
            assertThat(DECIDER.restatesState(new OrgProfileUpdated(ID, OWNER, ACME, false, true, T0))).isTrue();
            assertThat(DECIDER.restatesState(new OrgContactVerified(ID, PHONE_1, T0))).isFalse();
        }

        @Test
        void replay_folds_the_events_into_the_latest_profile_and_flag() {
            assertThat(DECIDER.replay(List.of())).isEqualTo(new OrgState.Unregistered());
            assertThat(DECIDER.replay(List.of(
                    new OrgRegistered(ID, OWNER, ACME, T0),
                    new OrgContactVerified(ID, PHONE_1, at(1)),
                    new OrgProfileUpdated(ID, OWNER, ACME_RENAMED, false, true, at(2)))))
                    .isEqualTo(new OrgState.Registered(ID, OWNER, ACME_RENAMED, true));
        }

        /** Prefixes of every history, each probed by every kind of command. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("cqrs.workbook.org.OrgDeciderTest#histories")
        void replaying_from_the_latest_restating_event_decides_as_replaying_everything(
                String name, List<OrgEvent> history) {
            for (int end = 0; end <= history.size(); end++) {
                List<OrgEvent> prefix = history.subList(0, end);
                OrgState whole = DECIDER.replay(prefix);
                OrgState fromLatest = DECIDER.replay(prefix.subList(latestRestating(prefix), end));

                assertThat(fromLatest).as("state after %d events", end).isEqualTo(whole);
                for (OrgCommand probe : PROBES) {
                    assertThat(DECIDER.decide(probe, fromLatest))
                            .as("%s after %d events", probe, end)
                            .isEqualTo(DECIDER.decide(probe, whole));
                }
            }
        }
    }

    // ---------------------------------------------------------------- histories for the replay property

    private static final List<OrgProfile> PROFILES = List.of(ACME, ACME_RENAMED, ACME_NEW_PHONE, ACME_NO_PHONE);

    private static final List<OrgCommand> PROBES = probes();

    private static List<OrgCommand> probes() {
        List<OrgCommand> probes = new ArrayList<>();
        for (OrgProfile profile : PROFILES) {
            probes.add(new RegisterOrg(ID, OWNER, profile, at(99)));
            probes.add(new UpdateOrgProfile(ID, OWNER, profile, at(99)));
            probes.add(new UpdateOrgProfile(ID, STRANGER, profile, at(99)));
        }
        probes.add(new MarkContactVerified(ID, PHONE_1, at(99)));
        probes.add(new MarkContactVerified(ID, PHONE_2, at(99)));
        return List.copyOf(probes);
    }

    static Stream<Arguments> histories() {
        List<Arguments> named = new ArrayList<>(List.of(
                Arguments.of("empty", List.of()),
                Arguments.of("registered and verified", record(
                        new RegisterOrg(ID, OWNER, ACME, T0), new MarkContactVerified(ID, PHONE_1, at(1)))),
                Arguments.of("verified, renamed, verified again", record(
                        new RegisterOrg(ID, OWNER, ACME, T0), new MarkContactVerified(ID, PHONE_1, at(1)),
                        new UpdateOrgProfile(ID, OWNER, ACME_RENAMED, at(2)), new MarkContactVerified(ID, PHONE_1, at(3)))),
                Arguments.of("verified, phone changed, new phone verified", record(
                        new RegisterOrg(ID, OWNER, ACME, T0), new MarkContactVerified(ID, PHONE_1, at(1)),
                        new UpdateOrgProfile(ID, OWNER, ACME_NEW_PHONE, at(2)), new MarkContactVerified(ID, PHONE_1, at(3)),
                        new MarkContactVerified(ID, PHONE_2, at(4)), new UpdateOrgProfile(ID, OWNER, ACME_NO_PHONE, at(5)),
                        new UpdateOrgProfile(ID, OWNER, ACME, at(6))))));
        Random random = new Random(20250301L);
        for (int i = 1; i <= 25; i++) {
            named.add(Arguments.of("seeded random history #" + i, randomHistory(random)));
        }
        return named.stream();
    }

    /** Runs commands through the decider and keeps the events it accepts, as a command handler would. */
    private static List<OrgEvent> record(OrgCommand... commands) {
        List<OrgEvent> events = new ArrayList<>();
        for (OrgCommand command : commands) {
            if (DECIDER.decide(command, DECIDER.replay(events)) instanceof Decision.Accepted<OrgEvent, OrgRejection> a) {
                events.add(a.event());
            }
        }
        return List.copyOf(events);
    }

    private static List<OrgEvent> randomHistory(Random random) {
        List<OrgCommand> commands = new ArrayList<>();
        commands.add(new RegisterOrg(ID, OWNER, PROFILES.get(random.nextInt(PROFILES.size())), T0));
        int length = 3 + random.nextInt(15);
        for (int i = 1; i <= length; i++) {
            commands.add(switch (random.nextInt(3)) {
                case 0 -> new UpdateOrgProfile(ID, OWNER, PROFILES.get(random.nextInt(PROFILES.size())), at(i));
                case 1 -> new MarkContactVerified(ID, random.nextBoolean() ? PHONE_1 : PHONE_2, at(i));
                default -> new RegisterOrg(ID, OWNER, ACME, at(i));
            });
        }
        return record(commands.toArray(OrgCommand[]::new));
    }

    private static int latestRestating(List<OrgEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (DECIDER.restatesState(events.get(i))) {
                return i;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- given / when / then

    private static final DeciderSpec<OrgCommand, OrgState, OrgEvent, OrgRejection> SPEC = new DeciderSpec<>(DECIDER);

    private static DeciderSpec<OrgCommand, OrgState, OrgEvent, OrgRejection>.Given given(OrgEvent... history) {
        return SPEC.given(List.of(history));
    }

    // ---------------------------------------------------------------- builders

    /** {@code minutes} after {@link #T0}. */
    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static OrgProfile profile(String name, Optional<PhoneNumber> contactPhone) {
        return new OrgProfile(OrgName.of(name), new Location(City.of("Singapore"), CountryCode.of("SG")),
                Optional.of(Website.of("https://acme.example")), contactPhone);
    }
}
