package io.parley.protocol.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * MessageCodec as it was before it was made cheaper (one parser over an InputStream or array for the envelope,
 * a String of the inner data and a second parser over it; the inner JSON as a String, then the envelope through
 * a ByteArrayOutputStream), kept as the reference {@link CodecEquivalenceTest} holds the new one to. Only its
 * parsing and writing are kept: the mapper's settings and the sentences that describe an error, which the change
 * left as they were, are MessageCodec's own.
 *
 * @param <I> what this side receives
 * @param <O> what this side sends
 */
final class ReferenceCodec<I, O> {
    private static final JsonMapper MAPPER = MessageCodec.newMapper();
    /** How many leading bytes Jackson reads to guess an encoding. */
    private static final int UTF_CHECK_BYTES = 4;

    private final Map<String, ? extends Class<? extends I>> inbound;
    private final Function<O, String> outboundName;

    private ReferenceCodec(Map<String, ? extends Class<? extends I>> inbound, Function<O, String> outboundName) {
        this.inbound = inbound;
        this.outboundName = outboundName;
    }

    /** The server's side: receives {@link ClientMessage}s, sends {@link ServerMessage}s. */
    static ReferenceCodec<ClientMessage, ServerMessage> server() {
        return new ReferenceCodec<>(Map.copyOf(WireTypes.CLIENT), WireTypes::nameOf);
    }

    /** A client's side: receives {@link ServerMessage}s, sends {@link ClientMessage}s. */
    static ReferenceCodec<ServerMessage, ClientMessage> client() {
        return new ReferenceCodec<>(Map.copyOf(WireTypes.SERVER), WireTypes::nameOf);
    }

    /** The wire type name of an outgoing message. */
    public String typeOf(O message) {
        return outboundName.apply(message);
    }

    /** Writes the frame body (the envelope, without the length prefix) of {@code message} to {@code out}. */
    public void encode(O message, OutputStream out) throws IOException {
        Objects.requireNonNull(message, "message");
        String inner = MAPPER.writeValueAsString(message);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", typeOf(message));
            g.writeStringField("data", inner);
            g.writeEndObject();
        }
    }

    /** The frame body of {@code message} as bytes. */
    public byte[] encode(O message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            encode(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes one frame body. */
    public I decode(byte[] body) throws ProtocolException {
        requireUtf8(body);
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            return decode(p);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + MessageCodec.firstLine(e));
        }
    }

    /** Decodes one frame body read from {@code in}, which must hold exactly that body. */
    public I decode(InputStream in) throws ProtocolException {
        InputStream body = in.markSupported() ? in : new BufferedInputStream(in);
        try {
            body.mark(UTF_CHECK_BYTES);
            byte[] start = body.readNBytes(UTF_CHECK_BYTES);
            body.reset();
            requireUtf8(start);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + MessageCodec.firstLine(e));
        }
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            return decode(p);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + MessageCodec.firstLine(e));
        }
    }

    /**
     * Frames are UTF-8 (as Go's encoder writes them), but Jackson guesses UTF-16 or UTF-32 from a NUL byte or
     * a byte-order mark among the first four bytes. Such a body is refused here rather than decoded in an
     * encoding no Parley or tutorial peer sends (found by DecoderFuzzTest: both decoders then disagreed).
     */
    private static void requireUtf8(byte[] start) throws ProtocolException {
        for (int i = 0; i < Math.min(start.length, UTF_CHECK_BYTES); i++) {
            int b = start[i] & 0xFF;
            if (b == 0x00 || b == 0xFE || b == 0xFF) {
                throw new ProtocolException(null, "invalid JSON: the frame must be UTF-8 text");
            }
        }
    }

    private I decode(JsonParser p) throws IOException, ProtocolException {
        Envelope envelope = readEnvelope(p);
        Class<? extends I> type = inbound.get(envelope.type);
        if (type == null) {
            throw new ProtocolException(
                    envelope.type, "unknown message type \"" + MessageCodec.abbreviate(envelope.type) + "\"");
        }
        try {
            return readData(envelope.data, type);
        } catch (ProtocolException e) {
            throw new ProtocolException(
                    envelope.type,
                    envelope.type + ": " + e.getMessage(),
                    idField(envelope.data, "reqId"),
                    idField(envelope.data, "clientMsgId"));
        }
    }

    /** A string field of a request that failed to decode, so the error reply can carry the caller's id. */
    private static String idField(String data, String name) {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node != null && node.isObject()) {
                for (var field : node.properties()) {
                    if (field.getKey().equalsIgnoreCase(name)
                            && field.getValue().isTextual()
                            && field.getValue().asText().length() <= 64) {
                        return field.getValue().asText();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable data has no ids to report.
        }
        return null;
    }

    private static <T> T readData(String data, Class<T> type) throws ProtocolException {
        if (data.isBlank()) {
            throw new ProtocolException(null, "data is empty (expected a JSON object)");
        }
        // Errors are described while the parser is still open: describe() reads the offending token from it.
        try (JsonParser p = MAPPER.createParser(data)) {
            try {
                T message = MAPPER.readValue(p, type);
                if (message == null) {
                    throw new ProtocolException(null, "data must hold a JSON object, not null");
                }
                if (p.nextToken() != null) {
                    throw new ProtocolException(null, "trailing content after the data object");
                }
                return message;
            } catch (ValueInstantiationException e) {
                // The compact constructors throw IllegalArgumentException with a sentence meant for people;
                // anything else is described generically rather than as a stack frame.
                Throwable cause = e.getCause();
                throw new ProtocolException(
                        null,
                        cause instanceof IllegalArgumentException && cause.getMessage() != null
                                ? cause.getMessage()
                                : "invalid values (a field is missing or null)");
            } catch (JsonMappingException e) {
                throw new ProtocolException(null, MessageCodec.describe(e));
            } catch (JsonProcessingException e) {
                throw new ProtocolException(null, "data is not valid JSON: " + MessageCodec.firstLine(e));
            }
        } catch (IOException e) {
            throw new ProtocolException(null, "data is not valid JSON: " + MessageCodec.firstLine(e));
        }
    }

    private record Envelope(String type, String data) {}

    private static Envelope readEnvelope(JsonParser p) throws IOException, ProtocolException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ProtocolException(null, "the frame must hold a JSON object {\"type\":...,\"data\":...}");
        }
        String type = null;
        String data = null;
        JsonToken dataShape = null;
        try {
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equalsIgnoreCase(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new ProtocolException(null, "\"type\" must be a string");
                    }
                    type = p.getText();
                } else if ("data".equalsIgnoreCase(field)) {
                    dataShape = value;
                    if (value == JsonToken.VALUE_STRING) {
                        data = p.getText();
                    } else {
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            // Keep the type when it was read before the break, so the server can still answer in kind.
            throw new ProtocolException(type, "invalid JSON: " + MessageCodec.firstLine(e));
        }
        try {
            if (p.nextToken() != null) {
                throw new ProtocolException(type, "trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ProtocolException(type, "trailing content after the JSON object");
        }
        if (type == null) {
            throw new ProtocolException(null, "missing \"type\"");
        }
        if (dataShape == null || dataShape == JsonToken.VALUE_NULL) {
            throw new ProtocolException(type, "missing \"data\" (a JSON string holding the message object)");
        }
        if (data == null) {
            throw new ProtocolException(
                    type, "\"data\" must be a JSON string holding the object, not " + MessageCodec.shape(dataShape));
        }
        return new Envelope(type, data);
    }
}
