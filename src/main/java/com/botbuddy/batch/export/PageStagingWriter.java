package com.botbuddy.batch.export;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Writes a chunk of pages into the staging table, in the chunk's transaction. */
public class PageStagingWriter implements ItemWriter<ChatPage> {
    private final StagedChats staged;
    private final StagingKey key;

    public PageStagingWriter(StagedChats staged, StagingKey key) {
        this.staged = staged;
        this.key = key;
    }

    @Override
    public void write(Chunk<? extends ChatPage> chunk) {
        staged.stage(key, java.util.List.copyOf(chunk.getItems()));
    }
}
