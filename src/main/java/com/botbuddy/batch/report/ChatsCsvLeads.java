package com.botbuddy.batch.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.history.LeadState;
import com.botbuddy.batch.ops.InvalidInputException;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * Reads the leads back out of an export's {@code chats.csv}, one row at a time (FastCSV, UTF-8, a BOM allowed),
 * for the lead history's backfill: the columns are found by their {@link ChatColumn} headers, in any order,
 * and every cell loses the formula guard's {@code '} exactly as the import strips it ({@link FormulaGuard#unguard}).
 * Rows of type {@code non-lead} are passed over, as are leads with neither id nor uuid (nothing to follow them by).
 * <p>
 * A file that cannot be used ends the read with one line naming the file, the row (the header is row 1) and
 * the reason: a missing column, a row with another number of cells than the header, a type that is neither
 * {@code lead} nor {@code non-lead}. Text that is not UTF-8 is refused too, with the last row read before it (the
 * decoder reads ahead of the rows, so the exact row is not known).
 */
public final class ChatsCsvLeads {
    private static final List<ChatColumn> NEEDED = List.of(ChatColumn.ID, ChatColumn.UUID, ChatColumn.TYPE,
            ChatColumn.STATUS, ChatColumn.EMAIL, ChatColumn.PHONE, ChatColumn.AGENT_ID);

    private ChatsCsvLeads() {
    }

    /** Hands each lead of {@code file} to {@code sink}, in file order. */
    public static void forEachLead(Path file, Consumer<LeadState> sink) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " does not exist or is not a file");
        }
        long row = 0;
        // a strict decoder: a file of another encoding is refused, not read with replacement characters
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader text = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8), 1 << 16);
                CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(',').quoteCharacter('"')
                        .skipEmptyLines(true).allowMissingFields(true).allowExtraFields(true).ofCsvRecord(text)) {
            Map<ChatColumn, Integer> at = null;
            int width = 0;
            for (CsvRecord record : csv) {
                row++;
                if (at == null) {
                    at = columns(file, record);
                    width = record.getFieldCount();
                    continue;
                }
                if (record.getFieldCount() != width) {
                    throw bad(file, row, record.getFieldCount() + " cells where the header has " + width);
                }
                String type = cell(record, at, ChatColumn.TYPE);
                if (ChatType.NON_LEAD.apiValue().equals(type)) {
                    continue;
                }
                if (!ChatType.LEAD.apiValue().equals(type)) {
                    throw bad(file, row, "type must be 'lead' or 'non-lead', not '" + shorten(type) + "'");
                }
                String key = Chat.keyOf(cell(record, at, ChatColumn.ID), cell(record, at, ChatColumn.UUID));
                LeadState lead = LeadState.of(key, cell(record, at, ChatColumn.STATUS),
                        cell(record, at, ChatColumn.AGENT_ID), Chat.isContactable(cell(record, at, ChatColumn.EMAIL),
                                cell(record, at, ChatColumn.PHONE)));
                if (lead != null) {
                    sink.accept(lead);
                }
            }
            if (at == null) {
                throw new InvalidInputException(file + " is empty: an export's chats.csv starts with its header row");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist", e);
        } catch (CsvParseException e) {
            throw bad(file, row + 1, "not valid CSV (" + rootMessage(e) + ")");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                // the decoder reads ahead of the parser: the bad bytes are somewhere after the rows parsed
                throw new InvalidInputException(file + ": the text is not UTF-8" + (row > 0 ? " (somewhere after row "
                        + row + ")" : "") + "; an export's chats.csv is UTF-8", e);
            }
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<ChatColumn, Integer> columns(Path file, CsvRecord header) {
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < header.getFieldCount(); i++) {
            String name = FormulaGuard.unguard(header.getField(i));
            names.putIfAbsent((i == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name).strip(), i);
        }
        Map<ChatColumn, Integer> at = new HashMap<>();
        for (ChatColumn column : NEEDED) {
            Integer i = names.get(column.header());
            if (i == null) {
                throw bad(file, 1, "no '" + column.header() + "' column: is this an export's chats.csv?");
            }
            at.put(column, i);
        }
        return at;
    }

    private static String cell(CsvRecord record, Map<ChatColumn, Integer> at, ChatColumn column) {
        return FormulaGuard.unguard(record.getField(at.get(column)));
    }

    private static InvalidInputException bad(Path file, long row, String reason) {
        return new InvalidInputException(file + " row " + row + ": " + reason);
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 39) + "…" : printable;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
