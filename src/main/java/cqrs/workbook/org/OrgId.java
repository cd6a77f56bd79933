package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;
import java.util.UUID;

/** An org's identity: a UUID drawn when it registers. */
public record OrgId(UUID value) {

    public OrgId {
        if (value == null) {
            throw new InvalidValue("must be a UUID");
        }
    }

    public static OrgId of(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new InvalidValue("must be a UUID");
            }
            return new OrgId(uuid);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidValue("must be a UUID");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
