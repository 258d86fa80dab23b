package com.botbuddy.batch.export;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Writes a chunk of pages into the staging table, in the chunk's transaction. */
public class PageStagingWriter implements ItemWriter<ChatPage> {
    private final StagedChats staged;
    private final long instanceId;

    public PageStagingWriter(StagedChats staged, long instanceId) {
        this.staged = staged;
        this.instanceId = instanceId;
    }

    @Override
    public void write(Chunk<? extends ChatPage> chunk) {
        staged.stage(instanceId, java.util.List.copyOf(chunk.getItems()));
    }
}
