package com.botbuddy.batch.remote;

/** What the worker command may do to its worker: ask it to end (after the current chunk, no new partition). */
public final class WorkerControl {
    /** Partitions a worker runs at once unless told otherwise ({@code worker --partitions}). */
    public static final int DEFAULT_PARTITIONS = 2;

    private final PartitionRequests requests;

    WorkerControl(PartitionRequests requests) {
        this.requests = requests;
    }

    public void end() {
        requests.end();
    }
}
