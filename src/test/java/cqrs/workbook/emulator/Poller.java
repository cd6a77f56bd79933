package cqrs.workbook.emulator;

/**
 * A daemon thread that polls a source of the emulator until it is closed, as Lambda's event
 * source mappings poll theirs: the SQS mapping and the DynamoDB stream mapping.
 */
abstract class Poller implements AutoCloseable {

    private final Thread thread;
    /** False once closed: the loop of {@link #poll()} ends at its next turn. */
    protected volatile boolean running = true;

    Poller(String name) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::poll);
    }

    /** Called last by the subclass's constructor, once every field is set. */
    protected final void startPolling() {
        thread.start();
    }

    /** The loop, until {@link #running} turns false. */
    protected abstract void poll();

    /** Between two polls, or after an error of the emulator: never a wait for a result. */
    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
