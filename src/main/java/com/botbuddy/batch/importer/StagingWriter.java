package com.botbuddy.batch.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Stages a chunk of validated rows, in the chunk's transaction. Here the one cross-row rule is applied: a second
 * row for a uuid already seen in the file (valid or not) is rejected, naming the first row. The "seen" state is the
 * staging table itself (one query per chunk), so it survives a restart and never holds the file in memory.
 */
public class StagingWriter implements ItemWriter<ValidatedRow> {
    private final ImportStaging staging;
    private final long instanceId;

    public StagingWriter(ImportStaging staging, long instanceId) {
        this.staging = staging;
        this.instanceId = instanceId;
    }

    @Override
    public void write(Chunk<? extends ValidatedRow> chunk) {
        Set<String> uuids = new LinkedHashSet<>();
        for (ValidatedRow row : chunk) {
            if (row.uuid() != null) {
                uuids.add(row.uuid());
            }
        }
        Map<String, Integer> first = staging.firstRows(instanceId, uuids);
        List<ValidatedRow> rows = new ArrayList<>(chunk.size());
        for (ValidatedRow row : chunk) {
            ValidatedRow staged = row;
            if (row.uuid() != null) {
                Integer firstRow = first.putIfAbsent(row.uuid(), row.rowNo());
                if (firstRow != null && firstRow < row.rowNo()) {
                    String why = "duplicate uuid: first seen on row " + firstRow;
                    staged = row.reject(row.valid() ? why : why + "; " + row.reason());
                }
            }
            rows.add(staged);
        }
        staging.insert(instanceId, rows);
    }
}
