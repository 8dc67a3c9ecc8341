/**
 * The Netty handlers that put {@link io.parley.protocol.codec.MessageCodec} on a pipeline: a length-field
 * frame decoder whose limit is checked before anything is allocated, a message decoder that turns bad
 * bodies into {@link io.parley.protocol.netty.DecodeFailure} values rather than closing the connection,
 * and an encoder that writes header and body as one buffer (the tutorial client reads each frame with
 * a single read).
 */
package io.parley.protocol.netty;
