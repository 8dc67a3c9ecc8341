/**
 * The Netty side of the server: the listening socket, one pipeline per connection, and the
 * {@link io.parley.server.service.Link} through which the service talks to a connection. Handler order is
 * set in one place, {@link io.parley.server.transport.ParleyChannelInitializer}, which also decides at
 * accept whether a connection is admitted ({@link io.parley.server.transport.AdmissionControl}: caps,
 * deadlines, refusals; docs/security.md, Admission).
 */
package io.parley.server.transport;
