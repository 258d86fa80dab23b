package com.botbuddy.batch.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import com.botbuddy.batch.sandbox.*;

@EnabledIfSystemProperty(named = "probe", matches = "true")
class ReportSpeedProbe {
    @Test
    void probe() throws Exception {
        SandboxData data = new SandboxData(SandboxSettings.defaults().withChats(100_000));
        for (String f : new String[] {"csv", "xlsx", "csv,xlsx"}) {
            Path dir = Files.createTempDirectory("probe");
            long t0 = System.nanoTime();
            long gen = 0;
            try (ChatReport r = ChatReport.open(new ReportRequest(dir, ReportFormat.parse(f), LocalDate.now(), ZoneId.of("UTC"), "b", "c", Instant.now()))) {
                for (int i = 0; i < data.size(); i++) {
                    long g = System.nanoTime();
                    TypedChat t = new TypedChat(data.typeOf(i), data.chat(i));
                    gen += System.nanoTime() - g;
                    r.add(t);
                }
                long t1 = System.nanoTime();
                r.finish(new RunFacts(1, 0, Duration.ZERO, 1));
                System.out.printf("PROBE %s: add %.1f s (gen %.1f s), finish %.1f s%n", f, (t1 - t0) / 1e9, gen / 1e9, (System.nanoTime() - t1) / 1e9);
            }
        }
    }
}
