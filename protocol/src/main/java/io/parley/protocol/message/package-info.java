/**
 * The message records, one per wire type and direction. {@link io.parley.protocol.message.ClientMessage}
 * is what a client may send, {@link io.parley.protocol.message.ServerMessage} what a server may send;
 * {@code SmsMes} and {@code NotifyUserStatusMes} travel as the seed defines them. What records share beyond
 * their direction is an interface of its own: a {@link io.parley.protocol.message.Request} and its
 * {@link io.parley.protocol.message.Response} carry a {@code reqId}, a
 * {@link io.parley.protocol.message.ChatSend} a {@code clientMsgId}; log names are spelt by
 * {@link io.parley.protocol.message.LogNames}. Compact constructors reject structurally invalid values so
 * that a decoded record is always well-formed; limits that depend on configuration (content length) are
 * checked by the server.
 */
package io.parley.protocol.message;
