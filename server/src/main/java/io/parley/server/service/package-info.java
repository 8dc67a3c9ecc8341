/**
 * Parley's chat logic in plain Java: accounts, presence, private, group and broadcast messages, offline
 * delivery and receipts. It sees sessions only through {@link io.parley.server.service.Link} — never a
 * socket or a Netty type — and storage only through the {@code store} interfaces.
 *
 * <p>Threading: each session has one ordered executor (its connection's event loop). Every change to a
 * session's state, and every message sent to it, runs there; store calls return futures whose results hop
 * back onto that executor. Stores complete appends in order, and deliveries are handed to each
 * recipient's executor in that order, which is what keeps each conversation in the order it was stored.
 */
package io.parley.server.service;
