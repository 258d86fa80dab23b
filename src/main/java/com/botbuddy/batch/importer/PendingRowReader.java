package com.botbuddy.batch.importer;

import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.batch.infrastructure.item.ItemReader;

import com.botbuddy.batch.importer.ImportStaging.PendingRow;

/**
 * Reads the staged rows still to send, in row order, a page at a time (keyset on the row number). It keeps no
 * position in the step context: "still to send" is the staging table's own state (no outcome yet, or
 * {@code failed} in an earlier execution), committed together with each chunk. So a restart sends exactly the
 * rows whose chunk was not committed, plus the rows that failed for unavailability before.
 */
public class PendingRowReader implements ItemReader<PendingRow> {
    private final ImportStaging staging;
    private final long instanceId;
    private final int pageSize;
    private final Deque<PendingRow> page = new ArrayDeque<>();
    private int lastRowNo;
    private boolean exhausted;

    public PendingRowReader(ImportStaging staging, long instanceId, int pageSize) {
        this.staging = staging;
        this.instanceId = instanceId;
        this.pageSize = pageSize;
    }

    @Override
    public PendingRow read() {
        if (page.isEmpty() && !exhausted) {
            var rows = staging.pending(instanceId, lastRowNo, pageSize);
            if (rows.size() < pageSize) {
                exhausted = true;
            }
            page.addAll(rows);
            if (!rows.isEmpty()) {
                lastRowNo = rows.get(rows.size() - 1).rowNo();
            }
        }
        return page.poll();
    }
}
