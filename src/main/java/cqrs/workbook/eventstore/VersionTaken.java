package cqrs.workbook.eventstore;

/** Another writer appended this version first: the optimistic lock said no. */
public final class VersionTaken extends Exception {

    public VersionTaken(String stream, long version) {
        super(stream + " already has version " + version, null, false, false);
    }
}
