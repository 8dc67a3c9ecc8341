/**
 * Turning frame bodies into message records and back, with no Netty types: the server, the client and
 * the load generator share one {@link io.parley.protocol.codec.MessageCodec} per direction. The Jackson
 * settings mirror the tutorial's Go decoder (keys case-insensitive, unknown keys ignored, a number sent
 * as a string is an error) so that both sides agree on what a valid frame is.
 */
package io.parley.protocol.codec;
