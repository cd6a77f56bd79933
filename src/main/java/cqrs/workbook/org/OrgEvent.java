package cqrs.workbook.org;

import cqrs.workbook.kernel.PhoneNumber;
import java.time.Instant;

/** What has happened to an org. */
public sealed interface OrgEvent {

    OrgId id();

    // tag::events[]
    /** {@code owner}: the phone that signed in and registered the org. */
    record OrgRegistered(OrgId id, PhoneNumber owner, OrgProfile profile,
            Instant registeredAt) implements OrgEvent {}

    /**
     * The profile was replaced. {@code contactPhoneChanged} says whether the contact phone is
     * another one than before; {@code contactVerified} whether the contact phone is verified,
     * which a change of phone undoes. With these and the {@code owner} the event restates the
     * whole state, so a command can replay from the latest profile event.
     */
    record OrgProfileUpdated(OrgId id, PhoneNumber owner, OrgProfile profile,
            boolean contactPhoneChanged,
                             boolean contactVerified, Instant updatedAt) implements OrgEvent {}

    /** The contact phone proved to be reachable: an OTP sent to it was verified. */
    record OrgContactVerified(OrgId id, PhoneNumber phone, Instant verifiedAt) implements OrgEvent {}
    // end::events[]
}
