package com.botbuddy.batch.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.botbuddy.batch.ops.Folders;
import com.botbuddy.batch.ops.InvalidInputException;

/**
 * A folder a job will create and write into, checked before the job starts: a file in its way or a folder that
 * cannot be written is a configuration mistake (exit 2, nothing recorded in the job repository), not a failed
 * run that a restart could finish.
 */
final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * @param option how the operator named the folder, e.g. {@code --out}
     * @param given  the folder as given (shown as typed)
     * @param folder the folder the job writes into: {@code given} or a folder below it
     */
    static void check(String option, Path given, Path folder) {
        Path target = folder.toAbsolutePath().normalize();
        Path existing = Folders.nearestExisting(target);
        String named = option + " " + given;
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException(existing.equals(given.toAbsolutePath().normalize())
                    ? named + " is a file, not a folder"
                    : named + ": " + existing + " is a file, not a folder, so " + target + " cannot be created");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException(existing.equals(target) ? named + ": " + target + " is not writable"
                    : named + ": cannot create " + target + ", " + existing + " is not writable");
        }
    }
}
