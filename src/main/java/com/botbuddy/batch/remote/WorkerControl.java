package com.botbuddy.batch.remote;

/** What the worker command may do to its worker: ask it to end (after the current chunk, no new partition). */
public final class WorkerControl {
    private final PartitionRequests requests;

    WorkerControl(PartitionRequests requests) {
        this.requests = requests;
    }

    public void end() {
        requests.end();
    }
}
