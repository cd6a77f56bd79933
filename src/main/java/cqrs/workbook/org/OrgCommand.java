package cqrs.workbook.org;

import cqrs.workbook.kernel.PhoneNumber;
import java.time.Instant;

/** What may be asked of an org's stream. */
public sealed interface OrgCommand {

    OrgId id();

    Instant at();

    // tag::commands[]
    /** {@code owner}: the subject of the token that asks; it owns the org from now on. */
    record RegisterOrg(OrgId id, PhoneNumber owner, OrgProfile profile,
            Instant at) implements OrgCommand {}

    /** {@code requester}: the subject of the token that asks; only the owner may. */
    record UpdateOrgProfile(OrgId id, PhoneNumber requester, OrgProfile profile,
            Instant at) implements OrgCommand {}

    /** Sent by the event handler when an OTP sent to this phone was verified. */
    record MarkContactVerified(OrgId id, PhoneNumber phone, Instant at) implements OrgCommand {}
    // end::commands[]
}
