package com.botbuddy.batch.ops;

/**
 * Benchmark aid, off unless {@code -Dbotbuddy.bench.gc-every=5s} is set: forces a full collection at that
 * interval, so the JVM's GC log ({@code -Xlog:gc}) records the live heap ({@code Pause Full (System.gc())
 * ...->NNM}) through the run. The benchmark scripts read the peak of those figures.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void startIfRequested() {
        String every = System.getProperty("botbuddy.bench.gc-every");
        if (every == null || every.isBlank()) {
            return;
        }
        long millis = org.springframework.boot.convert.DurationStyle.detectAndParse(every).toMillis();
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(Math.max(100, millis));
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
            }
        }, "heap-probe");
        t.setDaemon(true);
        t.start();
    }
}
