package com.botbuddy.batch.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.botbuddy.batch.ops.InvalidInputException;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;

/**
 * A CSV file: UTF-8 with or without BOM (strict: invalid bytes stop the import), RFC 4180 quoting (quoted newlines,
 * doubled quotes, no backslash escapes), separator {@code ,} or {@code ;} chosen from the header line.
 * A row's number is its record number (a quoted newline does not start a new row, as in a spreadsheet).
 */
final class CsvSheetSource implements SheetSource {
    /** Longest parser message quoted in an error. */
    private static final int MESSAGE_CHARS = 120;

    private final Path file;
    private final CSVReader reader;
    private final char separator;
    private int recordNo;

    CsvSheetSource(Path file) throws IOException {
        this.file = file;
        this.separator = detectSeparator(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        skipBom(in);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader text = new InputStreamReader(in, decoder);
        this.reader = new CSVReaderBuilder(text)
                .withCSVParser(new RFC4180ParserBuilder().withSeparator(separator).build())
                .withKeepCarriageReturn(false)
                .build();
    }

    char separator() {
        return separator;
    }

    @Override
    public SheetRow nextRow() {
        String[] record;
        try {
            record = reader.readNext();
        } catch (CharacterCodingException e) {
            throw SpreadsheetInput.notUtf8(file, recordNo + 1);
        } catch (IOException | CsvException e) {
            throw new InvalidInputException(file.getFileName() + ": cannot read the CSV after row " + recordNo + " ("
                    + oneLine(e.getMessage()) + "). Check for an unclosed quote (\") near that row, or save the file again as 'CSV UTF-8'", e);
        }
        if (record == null) {
            return null;
        }
        recordNo++;
        return SpreadsheetInput.limitCells(recordNo, new ArrayList<>(Arrays.asList(record)));
    }

    /**
     * The parser's message on one line and short: OpenCSV's message for an unclosed quote quotes all the text it
     * swallowed (possibly the rest of the file, across lines).
     */
    static String oneLine(String message) {
        String one = String.valueOf(message).replaceAll("\\s+", " ").strip();
        return one.length() > MESSAGE_CHARS ? one.substring(0, MESSAGE_CHARS) + "..." : one;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    static void skipBom(InputStream in) throws IOException {
        in.mark(3);
        byte[] bom = in.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    /** {@code ;} when the first non-blank line has more semicolons than commas outside quotes, else {@code ,}. */
    static char detectSeparator(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1 << 16);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        boolean seenContent = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (seenContent) {
                    break;
                }
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
            if (!Character.isWhitespace(c) && c != ',' && c != ';') {
                seenContent = true;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}
