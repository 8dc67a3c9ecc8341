/**
 * The asynchronous Parley client library: {@link io.parley.client.ParleyClient} speaks the wire format of
 * {@code io.parley.protocol} over one Netty channel and turns every request into a
 * {@link java.util.concurrent.CompletableFuture}. Replies are matched to requests by {@code reqId} or
 * {@code clientMsgId}; the few seed replies that carry no id (register, login, hello) are matched by order,
 * which the server preserves on one connection. Pushed messages go to a
 * {@link io.parley.client.ClientListener}, de-duplicated by their position in the server's logs and
 * acknowledged in batches. Everything a client owns runs on one event loop thread of a shared group, so a
 * load generator can drive thousands of clients from a few threads.
 */
package io.parley.client;
