package cqrs.workbook.aggregate;

import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.json.EventCodec;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgDecider;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.otp.OtpCommand;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.OtpState;
import java.util.List;
import java.util.Optional;

/** The system's two aggregates, and which one a stream belongs to. */
public final class Aggregates {

    private Aggregates() {}

    // tag::aggregates[]
    public static final Aggregate<OtpCommand, OtpState, OtpEvent, OtpRejection> OTP =
            new Aggregate<>("otp", new OtpDecider(), new EventCodec<>(OtpEvent.class));
    public static final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> ORG =
            new Aggregate<>("org", new OrgDecider(), new EventCodec<>(OrgEvent.class,
                    List.of(new OrgRegisteredV1())));
    // end::aggregates[]

    /** The aggregate whose stream this is; empty for a stream of no known aggregate. */
    public static Optional<Aggregate<?, ?, ?, ?>> owning(String stream) {
        if (OTP.owns(stream)) {
            return Optional.of(OTP);
        }
        if (ORG.owns(stream)) {
            return Optional.of(ORG);
        }
        return Optional.empty();
    }

    /** A stored event in the form subscribers see, decoded and re-encoded by its aggregate's codec. */
    public static PublishedEvent publicForm(StoredEvent stored) {
        return PublishedEvent.of(stored, owning(stored.stream())
                .orElseThrow(() -> new IllegalArgumentException("no aggregate owns " + stored.stream()))
                .codec());
    }
}
