package cqrs.workbook.org;

import cqrs.workbook.kernel.Decider;
import cqrs.workbook.kernel.Decision;
import cqrs.workbook.org.OrgCommand.MarkContactVerified;
import cqrs.workbook.org.OrgCommand.RegisterOrg;
import cqrs.workbook.org.OrgCommand.UpdateOrgProfile;
import cqrs.workbook.org.OrgEvent.OrgContactVerified;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgRejection.AlreadyRegistered;
import cqrs.workbook.org.OrgRejection.NotOwner;
import cqrs.workbook.org.OrgRejection.NotRegistered;
import cqrs.workbook.org.OrgState.Registered;
import cqrs.workbook.org.OrgState.Unregistered;
import cqrs.workbook.kernel.PhoneNumber;
import java.util.Optional;

/** The org aggregate: one stream per org id. */
public final class OrgDecider implements Decider<OrgCommand, OrgState, OrgEvent, OrgRejection> {

    @Override
    public OrgState initialState() {
        return new Unregistered();
    }

    // tag::decide[]
    @Override
    public Decision<OrgEvent, OrgRejection> decide(OrgCommand command, OrgState state) {
        return switch (command) {
            case RegisterOrg register -> switch (state) {
                case Unregistered u -> Decision.accept(
                        new OrgRegistered(register.id(), register.owner(), register.profile(),
                                register.at()));
                case Registered r -> Decision.reject(new AlreadyRegistered());
            };
            case UpdateOrgProfile update -> switch (state) {
                case Unregistered u -> Decision.reject(new NotRegistered());
                case Registered r when !r.ownedBy(update.requester()) ->
                        Decision.reject(new NotOwner());
                case Registered r when r.profile().equals(update.profile()) -> Decision.unchanged();
                case Registered r -> {
                    boolean phoneChanged = !r.profile().contactPhone().equals(update.profile()
                            .contactPhone());
                    yield Decision.accept(new OrgProfileUpdated(update.id(), r.owner(),
                            update.profile(), phoneChanged, r.contactVerified() && !phoneChanged,
                            update.at()));
                }
            };
            case MarkContactVerified mark -> switch (state) {
                case Unregistered u -> Decision.reject(new NotRegistered());
                // Only the current contact phone, and only once: a late or repeated
                // verification changes nothing.
                case Registered r when r.contactVerified()
                        || !r.profile().contactPhone().equals(Optional.of(mark.phone())) ->
                        Decision.unchanged();
                case Registered r -> Decision.accept(new OrgContactVerified(mark.id(), mark.phone(),
                        mark.at()));
            };
        };
    }
    // end::decide[]

    // tag::may-change[]
    /**
     * Who may change an org, asked before the org's profile is even read: the gateway
     * answers 404 and 403 ahead of a 400 for the body. {@code decide} gives the same answers
     * in the same order, and both take the rule itself from {@link Registered#ownedBy}.
     */
    public static Optional<OrgRejection> mayChange(OrgState state, PhoneNumber requester) {
        return switch (state) {
            case Unregistered u -> Optional.of(new NotRegistered());
            case Registered r when !r.ownedBy(requester) -> Optional.of(new NotOwner());
            case Registered r -> Optional.empty();
        };
    }
    // end::may-change[]

    @Override
    public OrgState evolve(OrgState state, OrgEvent event) {
        return switch (event) {
            case OrgRegistered e -> new Registered(e.id(), e.owner(), e.profile(), false);
            case OrgProfileUpdated e -> new Registered(e.id(), e.owner(), e.profile(), e.contactVerified());
            case OrgContactVerified e -> state instanceof Registered r
                    ? new Registered(r.id(), r.owner(), r.profile(), true)
                    : state;
        };
    }

    /** Registration and profile updates carry the whole profile and its verification flag. */
    @Override
    public boolean restatesState(OrgEvent event) {
        return !(event instanceof OrgContactVerified);
    }
}
