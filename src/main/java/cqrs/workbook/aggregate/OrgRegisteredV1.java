package cqrs.workbook.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Upcaster;

/**
 * The first revision of {@code OrgRegistered}, from before the profile was one value: its
 * fields sat at the top of the payload,
 * {@code {"id", "owner", "name", "city", "country", "website", "contactPhone", "registeredAt"}}.
 * Revision 2 nests them: {@code {"id", "owner", "profile": {"name", "location": {"city",
 * "country"}, "website", "contactPhone"}, "registeredAt"}}. A payload with a top-level
 * {@code name} and no {@code profile} is revision 1.
 */
// tag::org-registered-v1[]
final class OrgRegisteredV1 implements Upcaster {
// end::org-registered-v1[]

    @Override
    public String type() {
        return "OrgRegistered";
    }

    // tag::org-registered-v1[]
    @Override
    public boolean recognises(JsonNode payload) {
        return !payload.has("profile") && payload.has("name");
    }

    @Override
    public ObjectNode upcast(ObjectNode v1) {
        ObjectNode profile = v1.objectNode();
        profile.set("name", v1.remove("name"));
        profile.putObject("location").set("city", v1.remove("city"));
        ((ObjectNode) profile.get("location")).set("country", v1.remove("country"));
        for (String optional : new String[] {"website", "contactPhone"}) {
            JsonNode value = v1.remove(optional);
            if (value != null && !value.isNull()) {
                profile.set(optional, value);
            }
        }
        v1.set("profile", profile);
        return v1;
    }
    // end::org-registered-v1[]
}
