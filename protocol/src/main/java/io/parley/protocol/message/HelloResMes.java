package io.parley.protocol.message;

/** Extension: the server's answer to {@link HelloMes}, with the limits this connection must respect. */
public record HelloResMes(int version, String server, int maxFrameLength, int maxContentLength, int heartbeatSeconds)
        implements ServerMessage {}
