/**
 * The asynchronous Parley client library: {@link io.parley.client.ParleyClient} speaks the wire format of
 * {@code io.parley.protocol} over one Netty channel and turns every request into a
 * {@link java.util.concurrent.CompletableFuture}. Replies are matched to requests by {@code reqId} or
 * {@code clientMsgId}; the few seed replies that carry no id (register, login, hello) are matched by order,
 * which the server preserves on one connection. Pushed messages go to a
 * {@link io.parley.client.ClientListener}, de-duplicated by their position in the server's logs and
 * acknowledged in batches. Everything a client owns runs on one event loop thread of a shared group, so a
 * load generator can drive thousands of clients from a few threads.
 *
 * <p>With {@link io.parley.client.ReconnectPolicy reconnecting} on, a client survives the death of its server
 * node. Given a list of addresses of one cluster, it connects to the first that answers; when that connection
 * dies (not when the user closes or logs out) it waits an exponential backoff with jitter, tries the addresses
 * in turn starting after the one that failed, resumes the session with its latest resume token (never the
 * password), and sends again, in their original order and with the same {@code clientMsgId}, the messages no
 * server acknowledged, followed by those queued meanwhile; the server stores a {@code clientMsgId} once, so a
 * message the dead node had stored is only acknowledged again. Requests that were in flight, or made while
 * reconnecting, fail with a 503 {@link io.parley.client.ParleyException}. Deliveries stay de-duplicated across
 * connections by (log, seq), receipts go to the new node, heartbeats start again on each connection, and the
 * listener hears {@code onReconnecting} and {@code onReconnected}; a refused resume is a final
 * {@code onClosed}.
 */
package io.parley.client;
