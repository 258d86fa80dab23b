package com.botbuddy.batch.importer;

import java.io.Closeable;

/** The rows of one sheet, read in order, never all in memory. */
interface SheetSource extends Closeable {

    /** The next row (blank rows included) or {@code null} at the end. Cells are the raw text, not yet unguarded. */
    SheetRow nextRow();
}
