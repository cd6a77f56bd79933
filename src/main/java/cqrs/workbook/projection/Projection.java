package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.lambda.Log;
import java.util.Optional;
import java.util.function.Function;

/**
 * The projection role: each published event updates the view of its stream. FIFO delivery
 * keeps a stream's events in order, so the usual step is one fold step on the stored view.
 */
public final class Projection {

    private final ViewStore views;
    private final EventStore store;
    private final Function<StoredEvent, PublishedEvent> publicForm;

    public Projection(ViewStore views, EventStore store, Function<StoredEvent, PublishedEvent> publicForm) {
        this.views = views;
        this.store = store;
        this.publicForm = publicForm;
    }

    // tag::project[]
    public void project(PublishedEvent event) {
        Optional<View> current = views.get(event.stream());
        long shown = current.map(View::version).orElse(0L);
        if (event.version() <= shown) {
            Log.line("projection", event.stream() + " v" + event.version() + " " + event.type()
                    + " ignored: the view shows v" + shown + " already");
            return;
        }
        ObjectNode next = event.version() == shown + 1 || Views.restates(event)
                ? Views.apply(current.map(View::document).orElse(null), event)
                : rebuild(event);
        if (next == null) {
            Log.line("projection", event.stream() + " v" + event.version() + " ignored: the store holds no such stream");
            return;
        }
        boolean written = views.put(new View(event.stream(), event.version(), next));
        Log.line("projection", event.stream() + " v" + event.version() + " " + event.type()
                + (written ? " -> " + next : " ignored: a newer view was written meanwhile"));
    }
    // end::project[]

    // tag::rebuild[]
    /**
     * An event arrived after a gap (an earlier message went to the dead-letter queue, say):
     * the view is folded again from the event store, up to this event's version.
     */
    private ObjectNode rebuild(PublishedEvent event) {
        Log.line("projection", event.stream() + " v" + event.version() + " follows a gap: rebuilding from the store");
        ObjectNode view = null;
        for (StoredEvent stored : store.readStream(event.stream())) {
            if (stored.version() > event.version()) {
                break;
            }
            view = Views.apply(view, publicForm.apply(stored));
        }
        return view;
    }
    // end::rebuild[]
}
