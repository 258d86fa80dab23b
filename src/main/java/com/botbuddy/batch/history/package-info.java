/**
 * Lead history: what each complete export saw of every lead (status, agent, contactability) as slowly changing
 * rows with {@code valid_from} / {@code valid_to} in the job repository's own database, the backfill of those
 * rows from earlier exports' {@code chats.csv} files, and the figures over time computed from them.
 * <p>
 * It knows nothing of HTTP or of cell formats: the export job hands it the staged leads, the backfill is handed
 * each {@code chats.csv}'s leads by a reader the caller gives (the report package's {@code ChatsCsvLeads}, which
 * knows the file's columns), and the report package takes its {@link com.botbuddy.batch.history.HistoryFigures}
 * and draws them.
 */
package com.botbuddy.batch.history;
