package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The zip of {@code report.xlsx}, written so that the Chats sheets deflate straight into it while the chats arrive
 * ({@link #beginSheet}), and the parts POI writes at the end join them as they are ({@link #finish}): nothing is
 * inflated, deflated or copied twice: at a million chats the deflated sheet is about 200 MB, written once
 * ({@code BENCHMARKS.md}). commons-compress reads POI's zip; it cannot take an entry's raw data whose CRC is known
 * only after the data, so this class writes the zip's headers itself.
 * <p>
 * The streamed sheets come first in the file; the central directory, which readers go by, lists every part in
 * POI's order, each streamed sheet where POI has its empty placeholder. A streamed sheet's local header is
 * written before its data with room for a Zip64 field and filled in when the sheet ends (the file is seekable);
 * where the sizes do not need Zip64, the room is a padding field that readers skip. Zip64 is used only where a
 * size or an offset needs it, since some Excel versions do not open a workbook that has it anywhere.
 */
final class WorkbookZip implements AutoCloseable {
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int END = 0x06054b50;
    private static final short ZIP64_FIELD = 0x0001;
    /** An extra field that only pads, as commons-compress's {@code ResourceAlignmentExtraField} does. */
    private static final short PADDING_FIELD = (short) 0xa11e;
    /** A Zip64 field in a local header: its id and length, then the sizes, uncompressed and compressed. */
    private static final int ZIP64_LOCAL_FIELD_LENGTH = 4 + 16;
    private static final short VERSION_DEFLATE = 20;
    private static final short VERSION_ZIP64 = 45;
    /** General purpose flag: the name is UTF-8. */
    private static final short UTF8_NAME = 1 << 11;
    private static final long MAX_32 = 0xFFFFFFFFL;
    private static final int MAX_16 = 0xFFFF;

    /** An entry as the central directory lists it. */
    private record Entry(byte[] name, int method, long crc, long size, long compressedSize, long offset) {
    }

    private final FileChannel channel;
    private final short dosTime;
    private final short dosDate;
    /** Sizes and offsets from this value on are written as Zip64 ({@link #MAX_32}; lower in tests). */
    private final long zip64From;
    private final Map<String, Entry> streamed = new HashMap<>();
    private final ByteBuffer header = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);
    private String openSheet;
    private long openSheetOffset;
    private long openSheetBytes;
    private boolean finished;

    private WorkbookZip(Path file, long zip64From) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.zip64From = zip64From;
        LocalDateTime now = LocalDateTime.now();
        this.dosTime = (short) (now.getHour() << 11 | now.getMinute() << 5 | now.getSecond() / 2);
        this.dosDate = (short) ((now.getYear() - 1980) << 9 | now.getMonthValue() << 5 | now.getDayOfMonth());
    }

    /** Starts the workbook's zip at {@code file} (replaced if it exists). */
    static WorkbookZip create(Path file) throws IOException {
        return new WorkbookZip(file, MAX_32);
    }

    /** As {@link #create}, writing every size and offset from {@code zip64From} on as Zip64 (for tests). */
    static WorkbookZip create(Path file, long zip64From) throws IOException {
        return new WorkbookZip(file, zip64From);
    }

    /**
     * Starts a streamed sheet: where its raw-deflated XML goes, until {@link #endSheet}. Closing the stream
     * leaves the zip open.
     *
     * @param name the sheet's entry name, which POI's placeholder for it also has ({@code xl/worksheets/sheet2.xml})
     */
    OutputStream beginSheet(String name) throws IOException {
        if (openSheet != null || finished) {
            throw new IllegalStateException(openSheet != null ? "the sheet " + openSheet + " is not ended"
                    : "the workbook is already finished");
        }
        if (streamed.containsKey(name)) {
            throw new IllegalArgumentException("the sheet " + name + " is already in the workbook");
        }
        openSheet = name;
        openSheetOffset = channel.position();
        openSheetBytes = 0;
        writeLocalHeader(name.getBytes(StandardCharsets.UTF_8), ZipArchiveEntry.DEFLATED, 0, 0, 0, true);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                writeFully(ByteBuffer.wrap(bytes, offset, length));
                openSheetBytes += length;
            }
        };
    }

    /** Ends the streamed sheet: {@code crc} and {@code size} of its XML; its deflated bytes are what was written. */
    void endSheet(long crc, long size) throws IOException {
        if (openSheet == null) {
            throw new IllegalStateException("no sheet is being streamed");
        }
        long end = channel.position();
        byte[] name = openSheet.getBytes(StandardCharsets.UTF_8);
        channel.position(openSheetOffset);
        writeLocalHeader(name, ZipArchiveEntry.DEFLATED, crc, size, openSheetBytes, true);
        channel.position(end);
        streamed.put(openSheet, new Entry(name, ZipArchiveEntry.DEFLATED, crc, size, openSheetBytes, openSheetOffset));
        openSheet = null;
    }

    /**
     * Adds every part of the workbook POI wrote, each streamed sheet in place of its placeholder, writes the
     * central directory and closes the file.
     *
     * @param poiWorkbook the workbook as POI wrote it, with an empty placeholder part for each streamed sheet
     */
    void finish(Path poiWorkbook) throws IOException {
        if (openSheet != null) {
            throw new IllegalStateException("the sheet " + openSheet + " is not ended");
        }
        List<Entry> directory = new ArrayList<>();
        int placed = 0;
        try (ZipFile source = ZipFile.builder().setPath(poiWorkbook).get()) {
            for (ZipArchiveEntry part : Collections.list(source.getEntries())) {
                Entry sheet = streamed.get(part.getName());
                if (sheet != null) {
                    directory.add(sheet);
                    placed++;
                    continue;
                }
                byte[] name = part.getName().getBytes(StandardCharsets.UTF_8);
                Entry copy = new Entry(name, part.getMethod(), part.getCrc(), part.getSize(), part.getCompressedSize(),
                        channel.position());
                writeLocalHeader(name, copy.method(), copy.crc(), copy.size(), copy.compressedSize(), false);
                try (InputStream raw = source.getRawInputStream(part)) {
                    long copied = raw.transferTo(Channels.newOutputStream(channel));
                    if (copied != copy.compressedSize()) {
                        throw new IOException("the part " + part.getName() + " of POI's workbook holds " + copied
                                + " bytes, not " + copy.compressedSize());
                    }
                }
                directory.add(copy);
            }
        }
        if (placed != streamed.size()) {
            throw new IOException("the workbook has no placeholder for some of the streamed sheets " + streamed.keySet());
        }
        writeCentralDirectory(directory);
        finished = true;
        channel.close();
    }

    /**
     * A local header. A streamed sheet's always takes the same room, a Zip64 field's: the field when the sizes need
     * it, else padding; a copied part's has the Zip64 field only when its sizes need it.
     */
    private void writeLocalHeader(byte[] name, int method, long crc, long size, long compressedSize,
            boolean roomForZip64) throws IOException {
        boolean zip64 = zip64Sizes(size, compressedSize);
        ByteBuffer b = header(30 + name.length + ZIP64_LOCAL_FIELD_LENGTH);
        b.putInt(LOCAL_HEADER);
        b.putShort(zip64 ? VERSION_ZIP64 : VERSION_DEFLATE);
        b.putShort(flags(name));
        b.putShort((short) method);
        b.putShort(dosTime);
        b.putShort(dosDate);
        b.putInt((int) crc);
        b.putInt((int) (zip64 ? MAX_32 : compressedSize));
        b.putInt((int) (zip64 ? MAX_32 : size));
        b.putShort((short) name.length);
        b.putShort((short) (zip64 || roomForZip64 ? ZIP64_LOCAL_FIELD_LENGTH : 0));
        b.put(name);
        if (zip64) {
            b.putShort(ZIP64_FIELD).putShort((short) 16).putLong(size).putLong(compressedSize);
        } else if (roomForZip64) {
            b.putShort(PADDING_FIELD).putShort((short) 16).putLong(0).putLong(0);
        }
        writeHeader(b);
    }

    private void writeCentralDirectory(List<Entry> entries) throws IOException {
        long start = channel.position();
        for (Entry entry : entries) {
            boolean zip64Sizes = zip64Sizes(entry.size(), entry.compressedSize());
            boolean zip64Offset = entry.offset() >= zip64From;
            int extra = (zip64Sizes || zip64Offset ? 4 : 0) + (zip64Sizes ? 16 : 0) + (zip64Offset ? 8 : 0);
            ByteBuffer b = header(46 + entry.name().length + extra);
            b.putInt(CENTRAL_HEADER);
            b.putShort(VERSION_ZIP64); // made by: the highest feature this writer knows, MS-DOS attributes
            b.putShort(extra > 0 ? VERSION_ZIP64 : VERSION_DEFLATE);
            b.putShort(flags(entry.name()));
            b.putShort((short) entry.method());
            b.putShort(dosTime);
            b.putShort(dosDate);
            b.putInt((int) entry.crc());
            b.putInt((int) (zip64Sizes ? MAX_32 : entry.compressedSize()));
            b.putInt((int) (zip64Sizes ? MAX_32 : entry.size()));
            b.putShort((short) entry.name().length);
            b.putShort((short) extra);
            b.putShort((short) 0); // comment
            b.putShort((short) 0); // disk
            b.putShort((short) 0); // internal attributes
            b.putInt(0); // external attributes
            b.putInt((int) (zip64Offset ? MAX_32 : entry.offset()));
            b.put(entry.name());
            if (extra > 0) {
                b.putShort(ZIP64_FIELD).putShort((short) (extra - 4));
                if (zip64Sizes) {
                    b.putLong(entry.size()).putLong(entry.compressedSize());
                }
                if (zip64Offset) {
                    b.putLong(entry.offset());
                }
            }
            writeHeader(b);
        }
        long end = channel.position();
        long size = end - start;
        boolean zip64 = entries.size() > MAX_16 || size >= zip64From || start >= zip64From;
        ByteBuffer b = header(56 + 20 + 22);
        if (zip64) {
            b.putInt(ZIP64_END).putLong(44).putShort(VERSION_ZIP64).putShort(VERSION_ZIP64).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(size).putLong(start);
            b.putInt(ZIP64_LOCATOR).putInt(0).putLong(end).putInt(1);
        }
        short count = (short) (zip64 ? MAX_16 : entries.size());
        b.putInt(END).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count);
        b.putInt((int) (zip64 ? MAX_32 : size)).putInt((int) (zip64 ? MAX_32 : start)).putShort((short) 0);
        writeHeader(b);
    }

    /** Whether an entry's sizes take Zip64 fields, in its local header and in the central directory alike. */
    private boolean zip64Sizes(long size, long compressedSize) {
        return size >= zip64From || compressedSize >= zip64From;
    }

    private static short flags(byte[] name) {
        for (byte c : name) {
            if (c < 0) {
                return UTF8_NAME;
            }
        }
        return 0;
    }

    private ByteBuffer header(int length) {
        if (length > header.capacity()) {
            throw new IllegalArgumentException("a zip header of " + length + " bytes");
        }
        return header.clear();
    }

    private void writeHeader(ByteBuffer b) throws IOException {
        writeFully(b.flip());
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Closes the file; without {@link #finish} it is no workbook, and the caller deletes it. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
