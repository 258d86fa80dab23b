/**
 * The sandbox: a local, fast, faithful double of the two inbox endpoints (the world outside; it knows nothing of the
 * jobs).
 * <ul>
 * <li>{@link com.botbuddy.batch.sandbox.SandboxSettings}: size, seed, anchor, page size, latency, faults, test knobs.</li>
 * <li>{@link com.botbuddy.batch.sandbox.ChatGenerator}: chat <em>i</em> from {@code (seed, i)} in O(1); the hostile
 *     samples, the agents, the 40,000-character note at {@link com.botbuddy.batch.sandbox.ChatGenerator#LONG_NOTE_INDEX}.</li>
 * <li>{@link com.botbuddy.batch.sandbox.SandboxPair}: a {@code (botId, customerId)} pair: which ids are well-formed,
 *     the seed its chats come from, the pairs {@code sandbox --bots N} names ({@code generated(i)}).</li>
 * <li>{@link com.botbuddy.batch.sandbox.SandboxData}: one pair's chats with applied updates; the oracle tests use for
 *     expected figures ({@code chat(i)}, {@code isLead(i)}, {@code leadIndices()}, {@code chats(type)}).</li>
 * <li>{@link com.botbuddy.batch.sandbox.SandboxServer}: the HTTP server ({@code start}, {@code baseUrl}, {@code data()}
 *     for its own pair and {@code data(botId, customerId)} for any other, {@code stats}, {@code setOutage},
 *     {@code close}).</li>
 * <li>{@link com.botbuddy.batch.sandbox.FaultPlan}: which attempt fails and how (never the 4th at a resource).</li>
 * <li>{@link com.botbuddy.batch.sandbox.SandboxStats}: request counters, also at {@code GET /_sandbox/stats}.</li>
 * <li>{@link com.botbuddy.batch.sandbox.LeadUpdateParser}: what the update endpoint accepts.</li>
 * </ul>
 * A typical end-to-end test:
 * <pre>{@code
 * try (SandboxServer api = SandboxServer.start(SandboxSettings.forTests().withChats(500))) {
 *     // point the code under test at api.baseUrl() with api.settings().botToken() / bpToken()
 *     long expectedLeads = api.data().leadCount();
 *     long expectedClosed = api.data().chats(ChatType.LEAD).filter(c -> "CLOSED".equals(c.status())).count();
 *     assertThat(api.stats().pagesRequested(ChatType.LEAD)).hasSize(api.data().pageCount(ChatType.LEAD) + 1);
 * }
 * }</pre>
 */
package com.botbuddy.batch.sandbox;
