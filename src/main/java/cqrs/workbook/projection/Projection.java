package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.log.Log;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.otp.OtpEvent;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The projection role: each published event updates the views it concerns: an org's view is
 * keyed by its stream, a code's view by its otpId. FIFO delivery keeps a stream's events in
 * order, so the usual step is one fold step on the stored view.
 */
public final class Projection {

    /**
     * An aggregate, the views one of its events changes (by the view's own id), the key of
     * such a view in the read store, and the fold of one view.
     */
    private record Projector<E>(Aggregate<?, ?, E, ?> aggregate, BiFunction<String, E, List<String>> views,
                                Function<String, String> key, Views.Fold<E> fold) {}

    // tag::projectors[]
    private static final List<Projector<?>> PROJECTORS = List.of(
            new Projector<OrgEvent>(Aggregates.ORG, (stream, decoded) ->
                    List.of(Aggregates.ORG.idOf(stream)), Aggregates.ORG::stream, Views::org),
            new Projector<OtpEvent>(Aggregates.OTP, (stream, decoded) -> Views.otpCodeViews(decoded),
                    Views::otpCodeKey, Views::otpCode));
    // end::projectors[]

    private final ViewStore views;
    private final EventStore store;

    public Projection(ViewStore views, EventStore store) {
        this.views = views;
        this.store = store;
    }

    public void project(PublishedEvent event) {
        Optional<Projector<?>> projector = PROJECTORS.stream()
                .filter(p -> p.aggregate().owns(event.stream())).findFirst();
        if (projector.isEmpty()) {
            log(event).warn(event.type() + " skipped: no view for this stream");
            return;
        }
        project(projector.get(), event);
    }

    private <E> void project(Projector<E> projector, PublishedEvent event) {
        Aggregate<?, ?, E, ?> aggregate = projector.aggregate();
        if (!aggregate.codec().knows(event.type())) {
            // Written by a newer version of the system, say: blocking the stream's FIFO group
            // until it reaches the dead-letter queue would help no one.
            log(event).warn(event.type() + " skipped: not an event type this projection knows");
            return;
        }
        E decoded = aggregate.codec().fromPublicJson(event.type(), event.payload());
        for (String id : projector.views().apply(event.stream(), decoded)) {
            project(projector, event, decoded, id);
        }
    }

    private <E> void project(Projector<E> projector, PublishedEvent event, E decoded, String id) {
        String key = projector.key().apply(id);
        Optional<View> current = views.get(key);
        // tag::project[]
        long shown = current.map(View::version).orElse(0L);
        if (event.version() < shown
                || event.version() == shown && current.get().eventId().equals(event.eventId())) {
            log(event).info(event.type() + " ignored: " + key + " shows v" + shown + " already");
            return;
        }
        View next;
        if (event.version() == shown) {
            // Same version, another event: the one the view shows was taken back by a
            // compensation after it had reached the subscribers, and this one replaced it.
            log(event).warn("replaces the event " + key + " shows at v" + shown
                    + ": rebuilding from the store");
            next = rebuild(projector, event, id, key);
        } else if (event.version() == shown + 1
                || projector.aggregate().decider().restatesState(decoded)) {
            ObjectNode before = current.map(View::document).orElse(null);
            ObjectNode after = projector.fold().apply(before, id, decoded);
            next = after == before ? null : new View(key, event.version(), event.eventId(), after);
        } else {
            log(event).info("follows a gap in " + key + ": rebuilding from the store");
            next = rebuild(projector, event, id, key);
        }
        // end::project[]
        if (next == null) {
            log(event).info(event.type() + " changes nothing of " + key);
            return;
        }
        next.document().put("version", next.version());
        boolean written = views.put(next);
        log(event).info(event.type() + (written ? " -> " + next.document()
                : " ignored: a newer view was written meanwhile"));
    }

    /**
     * The view folded again from the event store, up to this event's version: after a gap (an
     * earlier message went to the dead-letter queue, say), or when the event replaces the one
     * the view shows. The view takes the version and event id of the last event up to there
     * that changed it, so a message that the store does not hold changes nothing.
     */
    // tag::rebuild[]
    private <E> View rebuild(Projector<E> projector, PublishedEvent event, String id, String key) {
        List<StoredEvent> events = store.readStream(event.stream());
        return folds(projector, event.stream(), events, event.version()).get(id);
    }
    // end::rebuild[]

    /**
     * Every view of a stream folded from its stored events up to {@code upTo}, by view id.
     * Each view takes the version and event id of the last event that changed it.
     */
    private <E> Map<String, View> folds(Projector<E> projector, String stream, List<StoredEvent> events,
                                        long upTo) {
        Aggregate<?, ?, E, ?> aggregate = projector.aggregate();
        Map<String, View> folded = new LinkedHashMap<>();
        for (StoredEvent stored : events) {
            if (stored.version() > upTo) {
                break;
            }
            if (!aggregate.codec().knows(stored.type())) {
                continue;
            }
            E decoded = aggregate.codec().fromStoredJson(stored.type(), stored.payload());
            for (String id : projector.views().apply(stream, decoded)) {
                View before = folded.get(id);
                ObjectNode document = before == null ? null : before.document();
                ObjectNode after = projector.fold().apply(document, id, decoded);
                if (after != document) {
                    folded.put(id, new View(projector.key().apply(id), stored.version(),
                            stored.eventId(), after));
                }
            }
        }
        return folded;
    }

    /**
     * The views of a stream folded again from all its stored events (an org's one view, or
     * one view per code of an OTP stream), each written over the one in the table unless that
     * one is newer (the live projection may have moved on meanwhile). What
     * {@code make rebuild-views} runs for each stream: after a lost or corrupted view, a fixed
     * fold, or a new read model. Answers the views it wrote.
     */
    public List<View> rebuild(String stream, List<StoredEvent> events) {
        Optional<Projector<?>> projector = PROJECTORS.stream().filter(p -> p.aggregate().owns(stream))
                .findFirst();
        return projector.map(p -> rebuildAll(p, stream, events)).orElse(List.of());
    }

    private <E> List<View> rebuildAll(Projector<E> projector, String stream, List<StoredEvent> events) {
        Map<String, View> rebuilt = folds(projector, stream, events, Long.MAX_VALUE);
        List<View> written = new ArrayList<>();
        for (View view : rebuilt.values()) {
            view.document().put("version", view.version());
            if (views.replace(view)) {
                written.add(view);
            }
        }
        return written;
    }

    private static Log.Line log(PublishedEvent event) {
        return Log.at("projection").stream(event.stream()).version(event.version()).eventId(event.eventId());
    }
}
