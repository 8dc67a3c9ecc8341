/**
 * The Netty side of the server: the listening socket, one pipeline per connection, and the
 * {@link io.parley.server.service.Link} through which the service talks to a connection. Handler order is
 * set in one place, {@link io.parley.server.transport.ParleyChannelInitializer}.
 */
package io.parley.server.transport;
