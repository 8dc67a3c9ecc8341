/**
 * The message records, one per wire type and direction. {@link io.parley.protocol.message.ClientMessage}
 * is what a client may send, {@link io.parley.protocol.message.ServerMessage} what a server may send;
 * {@code SmsMes} and {@code NotifyUserStatusMes} travel as the seed defines them. Compact constructors
 * reject structurally invalid values so that a decoded record is always well-formed; limits that depend
 * on configuration (content length) are checked by the server.
 */
package io.parley.protocol.message;
