package com.botbuddy.batch.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.importer.ImportStaging.LiveChat;
import com.botbuddy.batch.importer.LiveSnapshotReader.LivePage;

/**
 * Keeps, of a chunk of live pages, the chats the import has rows for (one lookup in the staging table per chunk),
 * in the live snapshot table: their {@code updatedAt} and editable fields. Chats no row names are dropped, so the
 * snapshot is as large as the file, whatever the size of the inbox. A later copy of a chat replaces an earlier one.
 */
public class LiveSnapshotWriter implements ItemWriter<LivePage> {
    private final ImportStaging staging;
    private final long instanceId;

    public LiveSnapshotWriter(ImportStaging staging, long instanceId) {
        this.staging = staging;
        this.instanceId = instanceId;
    }

    @Override
    public void write(Chunk<? extends LivePage> chunk) {
        Map<String, LiveChat> byUuid = new LinkedHashMap<>();
        for (LivePage page : chunk) {
            for (Chat chat : page.chats()) {
                if (chat.uuid() == null || chat.uuid().isBlank()) {
                    continue;
                }
                String uuid = chat.uuid().strip().toLowerCase(Locale.ROOT);
                byUuid.remove(uuid); // the later copy, in its place
                byUuid.put(uuid, new LiveChat(uuid, page.type().apiValue(), updatedAt(chat),
                        LeadFields.byName(LeadFields.live(chat))));
            }
        }
        Set<String> staged = staging.firstRows(instanceId, byUuid.keySet()).keySet();
        List<LiveChat> kept = new ArrayList<>(staged.size());
        for (LiveChat chat : byUuid.values()) {
            if (staged.contains(chat.uuid())) {
                kept.add(chat);
            }
        }
        staging.upsertLive(instanceId, kept);
    }

    private static Long updatedAt(Chat chat) {
        if (chat.updatedAt() == null || chat.updatedAt().isBlank()) {
            return null;
        }
        try {
            return ExportTime.parseMillis(chat.updatedAt());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
