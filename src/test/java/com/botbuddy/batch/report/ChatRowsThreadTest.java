package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChatRowsThreadTest {

    private static String[] row(int i) {
        return new String[] {"id" + i};
    }

    @Test
    void everyRowReachesTheWriterInOrderThoughRowsAreHandedOverInBatches() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        int rows = 3 * ChatRowsThread.BATCH + 17; // full batches, then a part of one that only awaitAll hands over
        try (ChatRowsThread thread = new ChatRowsThread("test.csv", cells -> written.add(cells[0]))) {
            for (int i = 0; i < rows; i++) {
                thread.add(row(i));
            }
            thread.awaitAll();
        }
        assertThat(written).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(written.get(i)).isEqualTo("id" + i);
        }
    }

    @Test
    void aFailureOfTheWriterSurfacesToTheCallerInsteadOfLosingRows() {
        ChatRowsThread thread = new ChatRowsThread("test.csv", cells -> {
            if (cells[0].equals("id300")) {
                throw new IOException("No space left on device");
            }
        });
        try (thread) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50 * ChatRowsThread.BATCH; i++) {
                    thread.add(row(i));
                }
                thread.awaitAll();
            }).isInstanceOf(IOException.class).hasMessage("No space left on device");
        }
    }
}
