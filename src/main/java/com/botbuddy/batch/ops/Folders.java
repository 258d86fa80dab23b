package com.botbuddy.batch.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** Questions asked of a folder a command is about to create or use. */
public final class Folders {
    private Folders() {
    }

    /**
     * The path itself when it exists, else its nearest parent that does (what a file in the way would be), or
     * {@code null} when none does.
     */
    public static Path nearestExisting(Path path) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }
}
