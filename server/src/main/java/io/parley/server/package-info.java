/**
 * The Parley server: {@link io.parley.server.ParleyServer} wires the configured store, the cluster link (on
 * Redis), the chat service and the Netty transport together and stops them in the reverse order.
 */
package io.parley.server;
