package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Json;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgEvent.OrgContactVerified;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /orgs/{id}/history}: what changed in an org, version by version, by the names of
 * the fields and never their values (a contact phone is nobody's business). A read model
 * added long after the events it reads: nothing was recorded for it, because the events had
 * recorded everything already. A profile update restates the whole profile, so which fields
 * changed is told by comparing it with the one before: the fold carries the last profile
 * along, and the document leaves it out.
 */
public final class History {

    /** The fold's state: the document so far and the profile it ends with. */
    public record Folded(ObjectNode document, OrgProfile profile) {}

    private History() {}

    public static Folded fold(Folded current, String id, long version, Instant at, OrgEvent event) {
        ObjectNode document = current == null
                ? Json.PUBLIC.createObjectNode().put("id", id).put("version", 0).set("changes",
                        Json.PUBLIC.createArrayNode()).deepCopy()
                : current.document().deepCopy();
        OrgProfile before = current == null ? null : current.profile();
        OrgProfile after = switch (event) {
            case OrgRegistered registered -> registered.profile();
            case OrgProfileUpdated updated -> updated.profile();
            case OrgContactVerified verified -> before;
        };
        List<String> fields = switch (event) {
            case OrgRegistered registered -> changed(null, registered.profile());
            case OrgProfileUpdated updated -> changed(before, updated.profile());
            case OrgContactVerified verified -> List.of("contactVerified");
        };
        ObjectNode change = ((ArrayNode) document.get("changes")).addObject()
                .put("version", version).put("at", at.toString()).put("type", event.getClass()
                        .getSimpleName());
        fields.forEach(change.putArray("fields")::add);
        document.put("version", version);
        return new Folded(document, after);
    }

    /**
     * The names of the profile's fields that differ; every field that is set, for a first profile.
     */
    static List<String> changed(OrgProfile before, OrgProfile after) {
        List<String> fields = new ArrayList<>();
        if (before == null || !Objects.equals(before.name(), after.name())) {
            fields.add("name");
        }
        if (before == null || !Objects.equals(before.location(), after.location())) {
            fields.add("location");
        }
        if (before == null ? after.website().isPresent() : !before.website()
                .equals(after.website())) {
            fields.add("website");
        }
        if (before == null ? after.contactPhone().isPresent() : !before.contactPhone()
                .equals(after.contactPhone())) {
            fields.add("contactPhone");
        }
        return fields;
    }
}
