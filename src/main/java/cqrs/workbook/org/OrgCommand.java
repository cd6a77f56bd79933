package cqrs.workbook.org;

import cqrs.workbook.kernel.PhoneNumber;
import java.time.Instant;

/** What may be asked of an org's stream. */
public sealed interface OrgCommand {

    OrgId id();

    Instant at();

    // tag::commands[]
    record RegisterOrg(OrgId id, OrgProfile profile, Instant at) implements OrgCommand {}

    record UpdateOrgProfile(OrgId id, OrgProfile profile, Instant at) implements OrgCommand {}

    /** Sent by the event handler when an OTP sent to this phone was verified. */
    record MarkContactVerified(OrgId id, PhoneNumber phone, Instant at) implements OrgCommand {}
    // end::commands[]
}
