package cqrs.workbook.otp;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.kernel.Decision;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.otp.OtpCommand.IssueOtp;
import cqrs.workbook.otp.OtpCommand.VerifyOtp;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the OTP decider over any sequence of commands: issues and verifications
 * with right, wrong and stale codes, at times that move forward by random steps. Whatever
 * the sequence, the rules hold over the events it produced, and replaying those events gives
 * the state that deciding step by step arrived at.
 */
class OtpDeciderPropertiesTest {

    private static final OtpDecider DECIDER = new OtpDecider();
    private static final PhoneNumber PHONE = PhoneNumber.of("+6591234567");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<CodeHash> HASHES = List.of(new CodeHash("k1", "aa".repeat(32)),
            new CodeHash("k1", "bb".repeat(32)), new CodeHash("k1", "ee".repeat(32)));

    /** One step: some minutes pass, then a command. */
    record Step(int minutesLater, boolean issue, int otpId, int hash) {}

    /** 300 sequences, each drawn from its own seed: a failure names the seed that reproduces it. */
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    static List<Step> steps(long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = random.nextInt(41); i > 0; i--) {
            steps.add(new Step(random.nextInt(8), random.nextBoolean(), 1 + random.nextInt(4),
                    random.nextInt(3)));
        }
        return steps;
    }

    // tag::otp-properties[]
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void any_sequence_keeps_the_rules_and_replays_to_the_same_state(long seed) {
        List<Step> steps = steps(seed);
        OtpState state = DECIDER.initialState();
        List<OtpEvent> events = new ArrayList<>();
        List<Instant> issuedAt = new ArrayList<>();
        Instant now = T0;
        for (Step step : steps) {
            now = now.plus(Duration.ofMinutes(step.minutesLater()));
            OtpCommand command = step.issue()
                    ? new IssueOtp(PHONE, "otp-" + step.otpId(), HASHES.get(step.hash()), now)
                    : new VerifyOtp(PHONE, List.of(HASHES.get(step.hash())), now);
            if (DECIDER.decide(command,
                    state) instanceof Decision.Accepted<OtpEvent, OtpRejection> accepted) {
                events.add(accepted.event());
                state = DECIDER.evolve(state, accepted.event());
                if (accepted.event() instanceof OtpIssued) {
                    issuedAt.add(now);
                }
            }
        }
        assertThat(DECIDER.replay(events)).isEqualTo(state);
        assertAtMostThreeIssuesInTenMinutes(issuedAt);
        assertAtMostTwoWrongCodesBeforeTheLock(events);
        assertReplayFromAnyRestatingEventIsTheSame(events, state);
    }
    // end::otp-properties[]

    private static void assertAtMostThreeIssuesInTenMinutes(List<Instant> issuedAt) {
        for (Instant at : issuedAt) {
            long inWindow = issuedAt.stream()
                    .filter(other -> !other.isBefore(at) && other.isBefore(at.plus(OtpDecider.RATE_LIMIT_WINDOW))).count();
            assertThat(inWindow).as("codes issued in the 10 minutes from " + at).isLessThanOrEqualTo(3);
        }
    }

    /** Per code: at most 2 failed attempts, a lock only after the second, nothing after a lock or a verification. */
    private static void assertAtMostTwoWrongCodesBeforeTheLock(List<OtpEvent> events) {
        int failed = 0;
        boolean closed = true;
        for (OtpEvent event : events) {
            switch (event) {
                case OtpIssued issued -> {
                    failed = 0;
                    closed = false;
                }
                case OtpAttemptFailed attempt -> {
                    assertThat(closed).as("an attempt on a closed code").isFalse();
                    assertThat(++failed).isLessThanOrEqualTo(OtpDecider.ATTEMPTS_PER_CODE - 1);
                }
                case OtpLocked locked -> {
                    assertThat(closed).isFalse();
                    assertThat(failed).isEqualTo(OtpDecider.ATTEMPTS_PER_CODE - 1);
                    closed = true;
                }
                case OtpVerified verified -> {
                    assertThat(closed).as("a verification of a closed code").isFalse();
                    closed = true;
                }
            }
        }
    }

    private static void assertReplayFromAnyRestatingEventIsTheSame(List<OtpEvent> events, OtpState state) {
        for (int i = 0; i < events.size(); i++) {
            if (DECIDER.restatesState(events.get(i))) {
                assertThat(DECIDER.replay(events.subList(i, events.size()))).isEqualTo(state);
            }
        }
    }
}
