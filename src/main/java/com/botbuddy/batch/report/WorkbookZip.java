package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Puts sheets streamed by {@link ChatsSheetStream} into the workbook POI wrote: every entry of POI's zip is
 * copied as it is (still deflated), except the placeholder parts of the streamed sheets, whose deflated
 * XML takes their place. Nothing is inflated or deflated again.
 */
final class WorkbookZip {
    private WorkbookZip() {
    }

    /**
     * @param poiWorkbook the workbook as POI wrote it, with a placeholder part for each streamed sheet
     * @param streamed the streamed sheets by their part's entry name ({@code xl/worksheets/sheet2.xml})
     * @param target the file to write
     */
    static void assemble(Path poiWorkbook, Map<String, ChatsSheetStream.Part> streamed, Path target) throws IOException {
        Set<String> placed = new HashSet<>();
        try (ZipFile source = ZipFile.builder().setPath(poiWorkbook).get();
                ZipArchiveOutputStream out = new ZipArchiveOutputStream(target)) {
            out.setUseZip64(Zip64Mode.AsNeeded);
            for (ZipArchiveEntry entry : Collections.list(source.getEntriesInPhysicalOrder())) {
                ChatsSheetStream.Part part = streamed.get(entry.getName());
                if (part == null) {
                    try (InputStream raw = source.getRawInputStream(entry)) {
                        out.addRawArchiveEntry(entry, raw);
                    }
                    continue;
                }
                ZipArchiveEntry sheet = new ZipArchiveEntry(entry.getName());
                sheet.setMethod(ZipEntry.DEFLATED);
                sheet.setCrc(part.crc());
                sheet.setSize(part.size());
                sheet.setCompressedSize(part.compressedSize());
                try (InputStream raw = Files.newInputStream(part.file())) {
                    out.addRawArchiveEntry(sheet, raw);
                }
                placed.add(entry.getName());
            }
        }
        if (!placed.equals(streamed.keySet())) {
            Set<String> missing = new HashSet<>(streamed.keySet());
            missing.removeAll(placed);
            throw new IOException("the workbook has no part for the streamed sheets " + missing);
        }
    }
}
