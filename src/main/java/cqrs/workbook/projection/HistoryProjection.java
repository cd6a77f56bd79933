package cqrs.workbook.projection;

import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.log.Log;
import java.util.List;
import java.util.Optional;

/**
 * The projection of {@code GET /orgs/{id}/history}, on the same queue as the other views. It
 * folds the org's stream from the event store, up to the event received: the history is
 * short, and folding from the store needs no state of its own beyond the document (the last
 * profile, which tells what an update changed, is in the store already). A redelivered or
 * late event changes nothing; {@code make rebuild-views} writes the same fold for every org,
 * which is how orgs registered before this read model existed get their history.
 */
public final class HistoryProjection {

    private final ViewStore views;
    private final EventStore store;

    public HistoryProjection(ViewStore views, EventStore store) {
        this.views = views;
        this.store = store;
    }

    /** The key of an org's history in the views table. */
    public static String viewId(String orgId) {
        return "org-history#" + orgId;
    }

    public void project(PublishedEvent event) {
        if (!Aggregates.ORG.owns(event.stream()) || !Aggregates.ORG.codec().knows(event.type())) {
            return;
        }
        String orgId = Aggregates.ORG.idOf(event.stream());
        Optional<View> current = views.get(viewId(orgId));
        if (current.isPresent() && (current.get().version() > event.version()
                || current.get().version() == event.version() && current.get().eventId()
                .equals(event.eventId()))) {
            return; // shown already
        }
        List<StoredEvent> upTo = store.readStream(event.stream()).stream()
                .filter(stored -> stored.version() <= event.version()).toList();
        fold(orgId, upTo).ifPresent(view -> {
            boolean written = views.put(view);
            Log.at("history").stream(event.stream()).version(view.version()).eventId(view.eventId())
                    .info(written ? "history at v" + view.version()
                            : "history ignored: a newer one was written");
        });
    }

    /** The history of an org from its stored events, oldest first; empty for no event. */
    public static Optional<View> fold(String orgId, List<StoredEvent> events) {
        History.Folded folded = null;
        StoredEvent last = null;
        for (StoredEvent stored : events) {
            if (!Aggregates.ORG.codec().knows(stored.type())) {
                continue;
            }
            folded = History.fold(folded, orgId, stored.version(), stored.recordedAt(),
                    Aggregates.ORG.codec().fromStoredJson(stored.type(), stored.payload()));
            last = stored;
        }
        return folded == null ? Optional.empty()
                : Optional.of(new View(viewId(orgId), last.version(), last.eventId(),
                        folded.document()));
    }
}
