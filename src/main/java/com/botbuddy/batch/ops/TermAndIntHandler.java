package com.botbuddy.batch.ops;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs one handler for SIGTERM and SIGINT (Ctrl-C) and puts the previous ones back on {@link #close()}.
 * Once installed, those signals no longer end the JVM by themselves: the handler decides.
 */
public final class TermAndIntHandler implements AutoCloseable {
    private final SignalHandler previousTerm;
    private final SignalHandler previousInt;

    private TermAndIntHandler(SignalHandler previousTerm, SignalHandler previousInt) {
        this.previousTerm = previousTerm;
        this.previousInt = previousInt;
    }

    public static TermAndIntHandler install(SignalHandler handler) {
        return new TermAndIntHandler(set("TERM", handler), set("INT", handler));
    }

    private static SignalHandler set(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            return null; // this platform has no such signal
        }
    }

    @Override
    public void close() {
        if (previousTerm != null) {
            set("TERM", previousTerm);
        }
        if (previousInt != null) {
            set("INT", previousInt);
        }
    }
}
