package cqrs.workbook.org;

import cqrs.workbook.kernel.PhoneNumber;
import java.util.Objects;
import java.util.Optional;

/** Everything a client states about an org; a PUT replaces it whole. */
public record OrgProfile(OrgName name, Location location, Optional<Website> website,
                         Optional<PhoneNumber> contactPhone) {

    public OrgProfile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(location);
        Objects.requireNonNull(website);
        Objects.requireNonNull(contactPhone);
    }
}
