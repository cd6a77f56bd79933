package cqrs.workbook.otp;

import cqrs.workbook.kernel.Decider;
import cqrs.workbook.kernel.Decision;
import cqrs.workbook.otp.OtpCommand.IssueOtp;
import cqrs.workbook.otp.OtpCommand.VerifyOtp;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import cqrs.workbook.otp.OtpRejection.CodeAlreadyUsed;
import cqrs.workbook.otp.OtpRejection.CodeExpired;
import cqrs.workbook.otp.OtpRejection.CodeLocked;
import cqrs.workbook.otp.OtpRejection.CodeSuperseded;
import cqrs.workbook.otp.OtpRejection.NoCodeIssued;
import cqrs.workbook.otp.OtpRejection.TooManyCodes;
import cqrs.workbook.otp.OtpState.Locked;
import cqrs.workbook.otp.OtpState.NoCode;
import cqrs.workbook.otp.OtpState.Pending;
import cqrs.workbook.otp.OtpState.Verified;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The OTP aggregate: one stream per phone and purpose (see {@link CodeFor}). */
public final class OtpDecider implements Decider<OtpCommand, OtpState, OtpEvent, OtpRejection> {

    // tag::rules[]
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    public static final int ATTEMPTS_PER_CODE = 3;
    public static final int ISSUES_PER_WINDOW = 3;
    public static final Duration RATE_LIMIT_WINDOW = Duration.ofMinutes(10);
    /** As many as a phone may be texted in a day: a code of the last day is always known. */
    public static final int EARLIER_CODES_KEPT = 10;
    // end::rules[]

    @Override
    public OtpState initialState() {
        return new NoCode();
    }

    @Override
    public Decision<OtpEvent, OtpRejection> decide(OtpCommand command, OtpState state) {
        return switch (command) {
            case IssueOtp issue -> issue(issue, state);
            case VerifyOtp verify -> verify(verify, state);
        };
    }

    // tag::issue[]
    private Decision<OtpEvent, OtpRejection> issue(IssueOtp command, OtpState state) {
        if (state.currentOtpId().filter(command.otpId()::equals).isPresent()
                || state.earlierOtpIds().contains(command.otpId())) {
            return Decision.unchanged(); // the same request again: this code is issued already
        }
        Instant windowStart = command.at().minus(RATE_LIMIT_WINDOW);
        List<Instant> inWindow = new ArrayList<>(
                state.recentIssues().stream().filter(t -> t.isAfter(windowStart)).toList());
        if (inWindow.size() >= ISSUES_PER_WINDOW) {
            Instant nextAllowed = inWindow.getFirst().plus(RATE_LIMIT_WINDOW);
            return Decision.reject(new TooManyCodes(Duration.between(command.at(), nextAllowed)));
        }
        inWindow.add(command.at());
        List<String> earlier = new ArrayList<>();
        state.currentOtpId().ifPresent(earlier::add);
        earlier.addAll(state.earlierOtpIds());
        // A code still pending is replaced: its hash is kept (those it replaced too, within the
        // window's few codes), so that typing it is answered as superseded, not as wrong.
        List<CodeHash> superseded = new ArrayList<>();
        if (state instanceof Pending pending && command.at().isBefore(pending.expiresAt())) {
            superseded.add(pending.codeHash());
            superseded.addAll(pending.supersededCodeHashes());
        }
        return Decision.accept(new OtpIssued(command.otpId(), command.codeHash(), command.at(),
                command.at().plus(CODE_LIFETIME), inWindow,
                earlier.subList(0, Math.min(earlier.size(), EARLIER_CODES_KEPT)),
                superseded.subList(0, Math.min(superseded.size(), ISSUES_PER_WINDOW - 1))));
    }
    // end::issue[]

    // tag::verify[]
    private Decision<OtpEvent, OtpRejection> verify(VerifyOtp command, OtpState state) {
        // A code is bound to whoever asked for it: an otpId that is not the current code's
        // records nothing, so without the otpId nobody can spend, lock or probe the code.
        if (command.otpId().isPresent() && !command.otpId().equals(state.currentOtpId())) {
            return state.earlierOtpIds().contains(command.otpId().get())
                    ? Decision.reject(new CodeSuperseded())
                    : Decision.reject(new NoCodeIssued());
        }
        return switch (state) {
            case NoCode none -> Decision.reject(new NoCodeIssued());
            case Verified verified -> Decision.reject(new CodeAlreadyUsed());
            case Locked locked -> Decision.reject(new CodeLocked());
            case Pending pending when !command.at().isBefore(pending.expiresAt()) ->
                    Decision.reject(new CodeExpired());
            case Pending pending when pending.codeHash().matchesAny(command.attempt()) ->
                    Decision.accept(new OtpVerified(pending.otpId(), command.at()));
            case Pending pending when pending.supersededCodeHashes().stream()
                    .anyMatch(hash -> hash.matchesAny(command.attempt())) ->
                    Decision.reject(new CodeSuperseded());
            case Pending pending when pending.attemptsLeft() > 1 ->
                    Decision.accept(new OtpAttemptFailed(pending.otpId(), pending.attemptsLeft() - 1,
                            command.at()));
            case Pending pending -> Decision.accept(new OtpLocked(pending.otpId(), command.at()));
        };
    }
    // end::verify[]

    // tag::evolve[]
    @Override
    public OtpState evolve(OtpState state, OtpEvent event) {
        return switch (event) {
            case OtpIssued e -> new Pending(e.otpId(), e.codeHash(), e.expiresAt(), ATTEMPTS_PER_CODE,
                    e.recentIssues(), e.earlierOtpIds(), e.supersededCodeHashes());
            case OtpAttemptFailed e -> state instanceof Pending p
                    ? new Pending(p.otpId(), p.codeHash(), p.expiresAt(), e.attemptsLeft(),
                            p.recentIssues(), p.earlierOtpIds(), p.supersededCodeHashes())
                    : state;
            case OtpVerified e -> new Verified(e.otpId(), state.recentIssues(), state.earlierOtpIds());
            case OtpLocked e -> new Locked(e.otpId(), state.recentIssues(), state.earlierOtpIds());
        };
    }

    /** An issue starts a new code and carries the rate-limit window: nothing before it matters. */
    @Override
    public boolean restatesState(OtpEvent event) {
        return event instanceof OtpIssued;
    }
    // end::evolve[]
}
