package cqrs.workbook.otp;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.kernel.DeciderSpec;
import cqrs.workbook.kernel.Decision;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.otp.OtpCommand.IssueOtp;
import cqrs.workbook.otp.OtpCommand.VerifyOtp;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import cqrs.workbook.otp.OtpRejection.CodeAlreadyUsed;
import cqrs.workbook.otp.OtpRejection.CodeExpired;
import cqrs.workbook.otp.OtpRejection.CodeLocked;
import cqrs.workbook.otp.OtpRejection.NoCodeIssued;
import cqrs.workbook.otp.OtpRejection.TooManyCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OTP decider, as "given these events, when this command, then this event or rejection". */
class OtpDeciderTest {

    private static final OtpDecider DECIDER = new OtpDecider();

    private static final PhoneNumber PHONE = PhoneNumber.of("+6591234567");
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    private static final CodeHash HASH_A = new CodeHash("1", "aa".repeat(32));
    private static final CodeHash HASH_B = new CodeHash("1", "bb".repeat(32));
    private static final CodeHash WRONG = new CodeHash("1", "ee".repeat(32));

    // ---------------------------------------------------------------- issue

    @Nested
    class Issue {

        @Test
        void on_an_empty_stream_a_code_is_issued_for_five_minutes() {
            given()
                    .when(issue("otp-1", HASH_A, T0))
                    .then(new OtpIssued("otp-1", HASH_A, T0, T0.plus(Duration.ofMinutes(5)), List.of(T0)));
        }

        @Test
        void issuing_again_with_the_current_codes_id_changes_nothing() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(issue("otp-1", HASH_B, at(1)))
                    .thenUnchanged();
        }

        @Test
        void issuing_again_with_an_earlier_codes_id_changes_nothing() {
            // A redelivered request for a code that a newer one superseded: no third code.
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpIssued("otp-2", HASH_B, at(1), at(6), List.of(T0, at(1)), List.of("otp-1")))
                    .when(issue("otp-1", HASH_A, at(2)))
                    .thenUnchanged();
        }

        @Test
        void an_issue_names_the_codes_before_it_newest_first_and_keeps_ten() {
            List<String> tenEarlier = List.of("otp-10", "otp-9", "otp-8", "otp-7", "otp-6", "otp-5", "otp-4",
                    "otp-3", "otp-2", "otp-1");
            given(new OtpIssued("otp-11", HASH_A, T0, at(5), List.of(T0), tenEarlier))
                    .when(issue("otp-12", HASH_B, at(1)))
                    .then(new OtpIssued("otp-12", HASH_B, at(1), at(6), List.of(T0, at(1)),
                            List.of("otp-11", "otp-10", "otp-9", "otp-8", "otp-7", "otp-6", "otp-5", "otp-4",
                                    "otp-3", "otp-2"), List.of(HASH_A)));
        }

        @Test
        void the_issue_lists_the_earlier_issues_still_in_the_window() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(issue("otp-2", HASH_B, at(4)))
                    .then(new OtpIssued("otp-2", HASH_B, at(4), at(9), List.of(T0, at(4)), List.of("otp-1"),
                            List.of(HASH_A)));
        }

        @Test
        void issues_older_than_the_window_are_dropped_from_the_list() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(issue("otp-2", HASH_B, at(10)))
                    .then(new OtpIssued("otp-2", HASH_B, at(10), at(15), List.of(at(10)), List.of("otp-1")));
        }

        @Test
        void a_fourth_issue_within_ten_minutes_is_refused_until_the_first_leaves_the_window() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_A, at(1), T0, at(1)),
                    issued("otp-3", HASH_A, at(2), T0, at(1), at(2)))
                    .when(issue("otp-4", HASH_B, at(3)))
                    .thenRejected(new TooManyCodes(Duration.ofMinutes(7)));
        }

        @Test
        void retry_after_counts_down_to_the_instant_the_first_issue_leaves_the_window() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_A, at(1), T0, at(1)),
                    issued("otp-3", HASH_A, at(2), T0, at(1), at(2)))
                    .when(issue("otp-4", HASH_B, at(10).minusSeconds(1)))
                    .thenRejected(new TooManyCodes(Duration.ofSeconds(1)));
        }

        @Test
        void the_window_slides_a_fourth_issue_is_allowed_exactly_when_the_first_leaves_it() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_A, at(1), T0, at(1)),
                    issued("otp-3", HASH_A, at(2), T0, at(1), at(2)))
                    .when(issue("otp-4", HASH_B, at(10)))
                    .then(new OtpIssued("otp-4", HASH_B, at(10), at(15), List.of(at(1), at(2), at(10)), List.of("otp-3")));
        }

        @Test
        void after_the_window_slid_the_next_issue_waits_for_the_second_one_to_leave() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_A, at(1), T0, at(1)),
                    issued("otp-3", HASH_A, at(2), T0, at(1), at(2)),
                    issued("otp-4", HASH_A, at(10), at(1), at(2), at(10)))
                    .when(issue("otp-5", HASH_B, at(10).plusSeconds(30)))
                    .thenRejected(new TooManyCodes(Duration.ofSeconds(30)));
        }

        @Test
        void the_rate_limit_survives_a_verification() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_A, at(1), T0, at(1)),
                    issued("otp-3", HASH_A, at(2), T0, at(1), at(2)),
                    new OtpVerified("otp-3", at(3)))
                    .when(issue("otp-4", HASH_B, at(4)))
                    .thenRejected(new TooManyCodes(Duration.ofMinutes(6)));
        }

        @Test
        void the_rate_limit_survives_a_lockout() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_A, at(1), T0, at(1)),
                    issued("otp-3", HASH_A, at(2), T0, at(1), at(2)),
                    new OtpAttemptFailed("otp-3", 2, at(3)),
                    new OtpAttemptFailed("otp-3", 1, at(3)),
                    new OtpLocked("otp-3", at(3)))
                    .when(issue("otp-4", HASH_B, at(4)))
                    .thenRejected(new TooManyCodes(Duration.ofMinutes(6)));
        }
    }

    // ---------------------------------------------------------------- verify

    @Nested
    class Verify {

        @Test
        void an_otp_id_that_is_not_the_streams_records_nothing_even_with_the_right_code() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(new VerifyOtp(PHONE, java.util.Optional.of("someone-elses"), List.of(HASH_A), at(1)))
                    .thenRejected(new NoCodeIssued());
        }

        @Test
        void the_otp_id_of_a_superseded_code_is_told_apart() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpIssued("otp-2", HASH_B, at(1), at(6), List.of(T0, at(1)), List.of("otp-1")))
                    .when(new VerifyOtp(PHONE, java.util.Optional.of("otp-1"), List.of(HASH_A), at(2)))
                    .thenRejected(new OtpRejection.CodeSuperseded());
        }

        @Test
        void a_superseded_code_typed_for_the_current_one_is_told_apart_and_counts_nothing() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpIssued("otp-2", HASH_B, at(1), at(6), List.of(T0, at(1)), List.of("otp-1"), List.of(HASH_A)))
                    .when(verify(HASH_A, at(2)))
                    .thenRejected(new OtpRejection.CodeSuperseded());
        }

        @Test
        void a_code_that_had_expired_when_it_was_replaced_is_not_kept() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(issue("otp-2", HASH_B, at(6)))
                    .then(new OtpIssued("otp-2", HASH_B, at(6), at(11), List.of(T0, at(6)), List.of("otp-1"), List.of()));
        }

        @Test
        void the_otp_id_of_the_current_code_verifies_it() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(new VerifyOtp(PHONE, java.util.Optional.of("otp-1"), List.of(HASH_A), at(1)))
                    .then(new OtpVerified("otp-1", at(1)));
        }

        @Test
        void the_right_code_in_time_is_verified() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(verify(HASH_A, at(1)))
                    .then(new OtpVerified("otp-1", at(1)));
        }

        @Test
        void the_right_code_one_nanosecond_before_expiry_is_verified() {
            Instant justBefore = at(5).minusNanos(1);
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(verify(HASH_A, justBefore))
                    .then(new OtpVerified("otp-1", justBefore));
        }

        @Test
        void a_wrong_code_costs_an_attempt_leaving_two() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(verify(WRONG, at(1)))
                    .then(new OtpAttemptFailed("otp-1", 2, at(1)));
        }

        @Test
        void a_second_wrong_code_leaves_one_attempt() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)))
                    .when(verify(WRONG, at(2)))
                    .then(new OtpAttemptFailed("otp-1", 1, at(2)));
        }

        // tag::given-when-then[]
        @Test
        void a_third_wrong_code_locks_the_code() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)),
                    new OtpAttemptFailed("otp-1", 1, at(2)))
                    .when(verify(WRONG, at(3)))
                    .then(new OtpLocked("otp-1", at(3)));
        }
        // end::given-when-then[]

        @Test
        void the_right_code_after_two_wrong_ones_is_still_verified() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)),
                    new OtpAttemptFailed("otp-1", 1, at(2)))
                    .when(verify(HASH_A, at(3)))
                    .then(new OtpVerified("otp-1", at(3)));
        }

        @Test
        void a_locked_code_refuses_even_the_right_code() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)),
                    new OtpAttemptFailed("otp-1", 1, at(2)),
                    new OtpLocked("otp-1", at(3)))
                    .when(verify(HASH_A, at(4)))
                    .thenRejected(new CodeLocked());
        }

        @Test
        void the_right_code_at_exactly_expires_at_is_expired() {
            given(issued("otp-1", HASH_A, T0, T0))
                    .when(verify(HASH_A, at(5)))
                    .thenRejected(new CodeExpired());
        }

        @Test
        void a_wrong_code_after_expiry_is_expired_and_costs_no_attempt() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)),
                    new OtpAttemptFailed("otp-1", 1, at(2)))
                    .when(verify(WRONG, at(6)))
                    .thenRejected(new CodeExpired());
        }

        @Test
        void a_verified_code_cannot_be_verified_twice() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpVerified("otp-1", at(1)))
                    .when(verify(HASH_A, at(2)))
                    .thenRejected(new CodeAlreadyUsed());
        }

        @Test
        void without_any_code_there_is_nothing_to_verify() {
            given()
                    .when(verify(HASH_A, T0))
                    .thenRejected(new NoCodeIssued());
        }

        @Test
        void a_new_code_supersedes_the_old_one_whose_hash_no_longer_matches() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_B, at(1), T0, at(1)))
                    .when(verify(HASH_A, at(2)))
                    .then(new OtpAttemptFailed("otp-2", 2, at(2)));
        }

        @Test
        void the_new_code_is_verified_under_its_own_id() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_B, at(1), T0, at(1)))
                    .when(verify(HASH_B, at(2)))
                    .then(new OtpVerified("otp-2", at(2)));
        }

        @Test
        void a_new_code_brings_fresh_attempts() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)),
                    new OtpAttemptFailed("otp-1", 1, at(1)),
                    issued("otp-2", HASH_B, at(2), T0, at(2)))
                    .when(verify(WRONG, at(3)))
                    .then(new OtpAttemptFailed("otp-2", 2, at(3)));
        }

        @Test
        void a_new_code_after_expiry_can_be_verified() {
            given(issued("otp-1", HASH_A, T0, T0),
                    issued("otp-2", HASH_B, at(6), T0, at(6)))
                    .when(verify(HASH_B, at(7)))
                    .then(new OtpVerified("otp-2", at(7)));
        }

        @Test
        void a_new_issue_after_a_lockout_unlocks() {
            var history = new OtpEvent[] {
                    issued("otp-1", HASH_A, T0, T0),
                    new OtpAttemptFailed("otp-1", 2, at(1)),
                    new OtpAttemptFailed("otp-1", 1, at(1)),
                    new OtpLocked("otp-1", at(1))};

            given(history)
                    .when(issue("otp-2", HASH_B, at(2)))
                    .then(new OtpIssued("otp-2", HASH_B, at(2), at(7), List.of(T0, at(2)), List.of("otp-1")));

            given(append(history, issued("otp-2", HASH_B, at(2), T0, at(2))))
                    .when(verify(HASH_B, at(3)))
                    .then(new OtpVerified("otp-2", at(3)));
        }

        @Test
        void a_new_issue_after_a_verification_can_be_verified_again() {
            given(issued("otp-1", HASH_A, T0, T0),
                    new OtpVerified("otp-1", at(1)),
                    issued("otp-2", HASH_B, at(2), T0, at(2)))
                    .when(verify(HASH_B, at(3)))
                    .then(new OtpVerified("otp-2", at(3)));
        }
    }

    // ---------------------------------------------------------------- evolve and replay

    @Nested
    class Evolve {

        @Test
        void an_issue_restates_the_state_and_nothing_else_does() {
            assertThat(DECIDER.restatesState(issued("otp-1", HASH_A, T0, T0))).isTrue();
            assertThat(DECIDER.restatesState(new OtpVerified("otp-1", T0))).isFalse();
            assertThat(DECIDER.restatesState(new OtpAttemptFailed("otp-1", 2, T0))).isFalse();
            assertThat(DECIDER.restatesState(new OtpLocked("otp-1", T0))).isFalse();
        }

        @Test
        void an_issue_gives_the_same_state_whatever_came_before() {
            OtpIssued issue = issued("otp-9", HASH_B, at(20), at(12), at(20));
            List<OtpState> before = List.of(
                    DECIDER.initialState(),
                    DECIDER.replay(List.of(issued("otp-1", HASH_A, T0, T0))),
                    DECIDER.replay(List.of(issued("otp-1", HASH_A, T0, T0), new OtpVerified("otp-1", at(1)))),
                    DECIDER.replay(List.of(issued("otp-1", HASH_A, T0, T0),
                            new OtpAttemptFailed("otp-1", 2, at(1)),
                            new OtpAttemptFailed("otp-1", 1, at(1)),
                            new OtpLocked("otp-1", at(1)))));

            assertThat(before).extracting(state -> DECIDER.evolve(state, issue))
                    .containsOnly(DECIDER.evolve(DECIDER.initialState(), issue));
        }

        /** Prefixes of every history, each probed by several commands at several times. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("cqrs.workbook.otp.OtpDeciderTest#histories")
        void replaying_from_the_latest_restating_event_decides_as_replaying_everything(
                String name, List<OtpEvent> history) {
            for (int end = 0; end <= history.size(); end++) {
                List<OtpEvent> prefix = history.subList(0, end);
                OtpState whole = DECIDER.replay(prefix);
                OtpState fromLatest = DECIDER.replay(prefix.subList(latestRestating(prefix), end));

                assertThat(fromLatest).as("state after %d events", end).isEqualTo(whole);
                for (OtpCommand probe : probes(prefix)) {
                    assertThat(DECIDER.decide(probe, fromLatest))
                            .as("%s after %d events", probe, end)
                            .isEqualTo(DECIDER.decide(probe, whole));
                }
            }
        }
    }

    // ---------------------------------------------------------------- histories for the replay property

    static Stream<Arguments> histories() {
        List<Arguments> named = new ArrayList<>(List.of(
                Arguments.of("empty", List.of()),
                Arguments.of("issued then verified", record(
                        issue("otp-1", HASH_A, T0), verify(HASH_A, at(1)), verify(HASH_A, at(2)))),
                Arguments.of("locked then issued again", record(
                        issue("otp-1", HASH_A, T0), verify(WRONG, at(1)), verify(WRONG, at(1)),
                        verify(WRONG, at(2)), issue("otp-2", HASH_B, at(3)), verify(WRONG, at(4)))),
                Arguments.of("rate limited and sliding", record(
                        issue("otp-1", HASH_A, T0), issue("otp-2", HASH_B, at(1)), issue("otp-3", HASH_A, at(2)),
                        issue("otp-4", HASH_B, at(3)), verify(WRONG, at(4)), issue("otp-5", HASH_B, at(10)),
                        verify(HASH_B, at(11)), issue("otp-6", HASH_A, at(11)))),
                Arguments.of("expired, superseded, failed", record(
                        issue("otp-1", HASH_A, T0), verify(WRONG, at(1)), verify(HASH_A, at(6)),
                        issue("otp-2", HASH_B, at(7)), verify(HASH_A, at(8)), verify(WRONG, at(8)),
                        verify(HASH_A, at(9))))));
        Random random = new Random(20250301L);
        for (int i = 1; i <= 25; i++) {
            named.add(Arguments.of("seeded random history #" + i, randomHistory(random)));
        }
        return named.stream();
    }

    /** Runs commands through the decider and keeps the events it accepts, as a command handler would. */
    private static List<OtpEvent> record(OtpCommand... commands) {
        List<OtpEvent> events = new ArrayList<>();
        for (OtpCommand command : commands) {
            if (DECIDER.decide(command, DECIDER.replay(events)) instanceof Decision.Accepted<OtpEvent, OtpRejection> a) {
                events.add(a.event());
            }
        }
        return List.copyOf(events);
    }

    private static List<OtpEvent> randomHistory(Random random) {
        List<OtpCommand> commands = new ArrayList<>();
        Instant now = T0;
        int length = 5 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            now = now.plusSeconds(random.nextInt(240));
            CodeHash hash = List.of(HASH_A, HASH_B, WRONG).get(random.nextInt(3));
            commands.add(random.nextInt(3) == 0
                    ? issue("otp-" + i, random.nextBoolean() ? HASH_A : HASH_B, now)
                    : verify(hash, now));
        }
        return record(commands.toArray(OtpCommand[]::new));
    }

    /** Commands at times around the end of the history, to catch any difference in what was kept. */
    private static List<OtpCommand> probes(List<OtpEvent> history) {
        Instant last = history.stream()
                .map(e -> switch (e) {
                    case OtpIssued i -> i.issuedAt();
                    case OtpVerified v -> v.verifiedAt();
                    case OtpAttemptFailed f -> f.failedAt();
                    case OtpLocked l -> l.lockedAt();
                })
                .max(Instant::compareTo)
                .orElse(T0);
        List<OtpCommand> probes = new ArrayList<>();
        for (Duration later : List.of(Duration.ZERO, Duration.ofSeconds(59), Duration.ofMinutes(5),
                Duration.ofMinutes(9), Duration.ofMinutes(10), Duration.ofMinutes(30))) {
            Instant when = last.plus(later);
            probes.add(issue("probe", HASH_A, when));
            probes.add(verify(HASH_A, when));
            probes.add(verify(HASH_B, when));
            probes.add(verify(WRONG, when));
        }
        return probes;
    }

    private static int latestRestating(List<OtpEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (DECIDER.restatesState(events.get(i))) {
                return i;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- given / when / then

    private static final DeciderSpec<OtpCommand, OtpState, OtpEvent, OtpRejection> SPEC = new DeciderSpec<>(DECIDER);

    private static DeciderSpec<OtpCommand, OtpState, OtpEvent, OtpRejection>.Given given(OtpEvent... history) {
        return SPEC.given(List.of(history));
    }

    // ---------------------------------------------------------------- builders

    /** {@code minutes} after {@link #T0}. */
    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static IssueOtp issue(String otpId, CodeHash hash, Instant at) {
        return new IssueOtp(PHONE, otpId, hash, at);
    }

    private static VerifyOtp verify(CodeHash attempt, Instant at) {
        return new VerifyOtp(PHONE, List.of(attempt), at);
    }

    /** An issue as the decider records it: five minutes to live, and the issues in the window so far. */
    private static OtpIssued issued(String otpId, CodeHash hash, Instant at, Instant... recentIssues) {
        return new OtpIssued(otpId, hash, at, at.plus(OtpDecider.CODE_LIFETIME), List.of(recentIssues));
    }

    private static OtpEvent[] append(OtpEvent[] history, OtpEvent event) {
        OtpEvent[] longer = Arrays.copyOf(history, history.length + 1);
        longer[history.length] = event;
        return longer;
    }
}
