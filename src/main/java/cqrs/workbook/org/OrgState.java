package cqrs.workbook.org;

import cqrs.workbook.kernel.PhoneNumber;

/** An org as decisions need it. */
public sealed interface OrgState {

    record Unregistered() implements OrgState {}

    /** {@code owner}: the phone that signed in and registered the org; only it may change the org. */
    record Registered(OrgId id, PhoneNumber owner, OrgProfile profile, boolean contactVerified) implements OrgState {

        /** The ownership rule: the org is its owner's alone to change. */
        public boolean ownedBy(PhoneNumber requester) {
            return owner.equals(requester);
        }
    }
}
