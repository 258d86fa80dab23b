package com.botbuddy.batch.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;

/** Fixtures of the import tests. */
final class ImportTestSupport {
    static final String BOT = "bot-1";
    static final String CUSTOMER = "cust-1";
    private static final AtomicLong RUN = new AtomicLong(System.nanoTime());

    private ImportTestSupport() {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeApiConfig {
        @Bean
        @Primary
        RecordingInboxApi recordingInboxApi() {
            return new RecordingInboxApi();
        }
    }

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    static Path csv(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** A CSV with {@code rows} valid rows: uuid,status,name. */
    static Path rows(Path dir, String name, int rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("uuid,status,name");
        for (int i = 1; i <= rows; i++) {
            lines.add(uuid(i) + ",open,Name " + i);
        }
        return csv(dir, name, lines.toArray(String[]::new));
    }

    static JobParametersBuilder params(Path file, Path out) {
        return new JobParametersBuilder()
                .addString(ImportParameters.INPUT_SHA256, SpreadsheetInput.checkAndHash(file))
                .addString(ImportParameters.BOT_ID, BOT)
                .addString(ImportParameters.CUSTOMER_ID, CUSTOMER)
                .addLong(ImportParameters.RUN, RUN.incrementAndGet())
                .addString(ImportParameters.INPUT_FILE, file.toAbsolutePath().toString(), false)
                .addString(ImportParameters.SHEET, "", false)
                .addJobParameter(ImportParameters.DRY_RUN, Boolean.FALSE, Boolean.class, false)
                .addString(ImportParameters.OUT, out.toString(), false)
                .addLong(ImportParameters.CONCURRENCY, 4L, false)
                .addDouble(ImportParameters.RATE, 0.0, false)
                .addDouble(ImportParameters.MAX_ERROR_RATE, 1.0, false);
    }

    static JobParameters withMaxErrorRate(JobParametersBuilder b, double rate) {
        return b.addDouble(ImportParameters.MAX_ERROR_RATE, rate, false).toJobParameters();
    }

    static List<String[]> readCsv(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (CSVReader reader = new CSVReaderBuilder(new java.io.StringReader(text))
                .withCSVParser(new RFC4180ParserBuilder().build()).build()) {
            return reader.readAll();
        }
    }
}
