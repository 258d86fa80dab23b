/**
 * What a report is. The export job streams chats into a {@link com.botbuddy.batch.report.ChatReport}
 * one by one; it writes {@code chats.csv} and the XLSX Chats sheet as they come and keeps only counters
 * ({@link com.botbuddy.batch.report.FigureTally}), so memory stays flat however many chats there are.
 *
 * <h2>Definitions used by every figure</h2>
 * <ul>
 * <li><b>lead</b>: a chat from the {@code type=lead} listing.</li>
 * <li><b>contactable</b>: a lead with a non-blank email or a non-blank phone number.</li>
 * <li><b>worked</b>: a lead whose status is set and is not {@code OPEN}. A blank or missing status counts as
 * {@code OPEN} (not worked); a non-blank status we do not recognise counts as worked.</li>
 * <li><b>closed</b>: a lead whose status is {@code CLOSED}.</li>
 * <li>Statuses are read leniently ({@code closed}, {@code in progress}, {@code Dependency} ...).
 * {@code status.csv} always lists the six statuses; blank and unrecognised ones are counted in an extra
 * {@code UNKNOWN} row, present only when there are any.</li>
 * <li><b>funnel</b>: conversations (all chats) → leads → contactable → worked → closed, worked and closed
 * counted among contactable leads. <b>agents</b> and <b>daily</b> count worked/closed among all leads.</li>
 * <li><b>daily</b>: by creation day in the request's zone; chats with a missing or unparsable
 * {@code createdAt} are left out and counted as {@code undated} in {@code run.json}.</li>
 * <li>Percentages: {@code count * 100 / base}, one decimal, half-up; empty (JSON {@code null}) when the base is 0.</li>
 * </ul>
 *
 * <h2>Protection of untrusted text</h2>
 * CSV: {@link com.botbuddy.batch.report.FormulaGuard#guard} on every value of every file. XLSX: text is always a
 * string cell written without the guard prefix, characters XML cannot hold become U+FFFD, text over 32,767
 * characters is cut with a visible marker; no formula, no hyperlink. HTML: text is escaped by the template
 * engine, chart data is JSON with {@code <}, {@code >} and {@code &} escaped, and the page's
 * Content-Security-Policy runs only its own two scripts (by hash). File names are fixed.
 */
package com.botbuddy.batch.report;
