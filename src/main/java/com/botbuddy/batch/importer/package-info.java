/**
 * The {@code import} job: operators' spreadsheet edits (.csv or .xlsx, typically an export's chats.csv or its XLSX
 * Chats sheet) sent as {@code PUT /inbox/direct/lead}, every row's fate reported. Read {@link
 * com.botbuddy.batch.importer.ImportJobConfig} first: it is the job, top to bottom.
 *
 * <h2>Steps and tables</h2>
 * <ol>
 * <li>{@code inspectInput} (runs on every execution, restarts included): SHA-256 of the file must equal the
 *     {@code input.sha256} parameter (else "input file changed since the failed run ... run it as a new import");
 *     .xlsx must be a ZIP package (not a renamed CSV, not an encrypted/OLE2 file), .csv strict UTF-8; the header is
 *     mapped ({@link com.botbuddy.batch.importer.ImportColumns}) and kept in the job context.</li>
 * <li>{@code validateRows} (chunk 500): {@link com.botbuddy.batch.importer.SpreadsheetRowReader} (restart position =
 *     last spreadsheet row committed) → {@link com.botbuddy.batch.importer.RowValidator} →
 *     {@link com.botbuddy.batch.importer.StagingWriter}, which rejects duplicate uuids (naming the first row) by
 *     querying the staging table once per chunk and inserts the rows into {@code BOTBUDDY_IMPORT_ROW}
 *     (key: job instance id + row number; update body as JSON or the rejection reason; the original cells).</li>
 * <li>{@code checkErrorRate}: 0 data rows → invalid input "no data rows"; invalid share above {@code maxErrorRate}
 *     → invalid input before anything is sent (a dry run only notes it in summary.json).</li>
 * <li>{@code readLive} (chunk of 20 pages): {@link com.botbuddy.batch.importer.LiveReadPlan} decides whether and
 *     which listings to read; {@link com.botbuddy.batch.importer.LiveSnapshotReader} pages them, 4 pages in flight,
 *     position saved per chunk → {@link com.botbuddy.batch.importer.LiveSnapshotWriter} keeps the chats the file has
 *     rows for in {@code BOTBUDDY_IMPORT_LIVE} (updatedAt and editable fields, see
 *     {@link com.botbuddy.batch.importer.LeadFields}).</li>
 * <li>{@code sendUpdates} (chunk 500): {@link com.botbuddy.batch.importer.PendingRowReader} (valid rows without an
 *     outcome, or {@code failed} in an earlier execution) → {@link com.botbuddy.batch.importer.LeadSendWriter} (the
 *     conflict check against the snapshot, then PUTs of the chunk in parallel on {@code concurrency} threads,
 *     resilience4j rate limiter at {@code rate}/s, outcomes written back with the chunk's commit).</li>
 * <li>{@code writeResults}: results.csv, rejected.csv / rejected.xlsx, undo.csv + undo.xlsx, summary.json
 *     (+ requests.jsonl and changes.csv in a dry run), each rebuilt whole from the staging and snapshot tables and
 *     moved into place, so a restart never loses or duplicates a row.</li>
 * </ol>
 * A COMPLETED instance's staging rows are deleted. A FAILED/STOPPED run also gets results (rows never sent are
 * {@code not-sent}) from {@link com.botbuddy.batch.importer.ImportJobListener}.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li>A blank cell leaves a field unchanged; {@value com.botbuddy.batch.importer.RowValidator#CLEAR} clears it.</li>
 * <li>{@code --bot-id}/{@code --customer-id} win; a row whose own bot_id/customer_id differs is rejected.</li>
 * <li>Free text (name, agent id, attr: values) is sent exactly as typed; email/picture/ids are trimmed.</li>
 * <li>The export's read-only columns (id, type, city, created_at, ...) and a rejected file's {@code error} column are
 *     ignored and listed as {@code ignoredColumns} in summary.json; other unknown columns as {@code unknownColumns}.</li>
 * <li>Header only → invalid input ("no data rows"). A cell over one million characters rejects its row.</li>
 * <li>Conflict: a row carrying an {@code updated_at} older than the live chat's (ms precision), or whose chat the
 *     live listing does not have, is {@code conflict} (exit 5), not sent; {@code --overwrite-newer} skips the check.
 *     Only such rows need the read token; without one the import reads nothing live and says the undo is
 *     unknown.</li>
 * <li>Undo rows carry no {@code updated_at}: importing undo.csv overwrites the import's own (newer) edit.</li>
 * <li>Restart: rows whose chunk committed are never sent again; the uncommitted chunk is (PUT is idempotent). Rows
 *     that {@code failed} (API unavailable) in an earlier execution are sent again on restart. The send-time error
 *     rate is judged per execution, before each chunk, after at least
 *     {@value com.botbuddy.batch.importer.LeadSendWriter#ERROR_RATE_MIN_SAMPLE} rows were sent.</li>
 * </ul>
 */
package com.botbuddy.batch.importer;
