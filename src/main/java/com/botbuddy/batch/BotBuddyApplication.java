package com.botbuddy.batch;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import com.botbuddy.batch.cli.BotBuddyCli;
import com.botbuddy.batch.ops.HeapProbe;
import com.botbuddy.batch.ops.RepositoryAccess;

/** Entry point: the command line decides what runs; Spring starts only for commands that need the job repository. */
@SpringBootApplication
public class BotBuddyApplication {

    public static void main(String[] args) {
        HeapProbe.startIfRequested();
        int code = BotBuddyCli.run(args);
        RepositoryAccess.closeAllForExit();
        System.exit(code);
    }
}
