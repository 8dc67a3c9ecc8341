package io.parley.protocol.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Encodes outgoing records into frame bodies and decodes incoming frame bodies into records, for one
 * side of a connection. Thread-safe; create one per process and share it.
 *
 * @param <I> what this side receives
 * @param <O> what this side sends
 */
public final class MessageCodec<I, O> {
    private static final JsonMapper MAPPER = newMapper();

    private final Map<String, ? extends Class<? extends I>> inbound;
    private final Function<O, String> outboundName;

    private MessageCodec(Map<String, ? extends Class<? extends I>> inbound, Function<O, String> outboundName) {
        this.inbound = inbound;
        this.outboundName = outboundName;
    }

    /** The server's side: receives {@link ClientMessage}s, sends {@link ServerMessage}s. */
    public static MessageCodec<ClientMessage, ServerMessage> server() {
        return new MessageCodec<>(Map.copyOf(WireTypes.CLIENT), WireTypes::nameOf);
    }

    /** A client's side: receives {@link ServerMessage}s, sends {@link ClientMessage}s. */
    public static MessageCodec<ServerMessage, ClientMessage> client() {
        return new MessageCodec<>(Map.copyOf(WireTypes.SERVER), WireTypes::nameOf);
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
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            return decode(p);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + firstLine(e));
        }
    }

    /** Decodes one frame body read from {@code in}, which must hold exactly that body. */
    public I decode(InputStream in) throws ProtocolException {
        try (JsonParser p = MAPPER.getFactory().createParser(in)) {
            return decode(p);
        } catch (IOException e) {
            throw new ProtocolException(null, "invalid JSON: " + firstLine(e));
        }
    }

    private I decode(JsonParser p) throws IOException, ProtocolException {
        Envelope envelope = readEnvelope(p);
        Class<? extends I> type = inbound.get(envelope.type);
        if (type == null) {
            throw new ProtocolException(envelope.type, "unknown message type \"" + envelope.type + "\"");
        }
        try {
            I message = MAPPER.readValue(envelope.data, type);
            if (message == null) {
                throw new ProtocolException(envelope.type, envelope.type + ": data must hold a JSON object, not null");
            }
            return message;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(envelope.type, envelope.type + ": " + cause.getMessage());
        } catch (JsonMappingException e) {
            throw new ProtocolException(envelope.type, envelope.type + ": " + describe(e));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(envelope.type, envelope.type + ": data is not valid JSON: " + firstLine(e));
        }
    }

    private record Envelope(String type, String data) {
    }

    private static Envelope readEnvelope(JsonParser p) throws IOException, ProtocolException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ProtocolException(null, "the frame must hold a JSON object {\"type\":...,\"data\":...}");
        }
        String type = null;
        String data = null;
        boolean dataWasObject = false;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("type".equalsIgnoreCase(field)) {
                if (value != JsonToken.VALUE_STRING) {
                    throw new ProtocolException(null, "\"type\" must be a string");
                }
                type = p.getText();
            } else if ("data".equalsIgnoreCase(field)) {
                if (value == JsonToken.VALUE_STRING) {
                    data = p.getText();
                } else {
                    dataWasObject = value == JsonToken.START_OBJECT;
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new ProtocolException(type, "trailing content after the JSON object");
        }
        if (type == null) {
            throw new ProtocolException(null, "missing \"type\"");
        }
        if (dataWasObject) {
            throw new ProtocolException(type, "\"data\" must be a JSON string holding the object, not an object");
        }
        if (data == null) {
            throw new ProtocolException(type, "missing \"data\" (a JSON string holding the message object)");
        }
        return new Envelope(type, data);
    }

    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String what = firstLine(e);
        return path.length() == 0 ? what : "field \"" + path + "\": " + what;
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static JsonMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                // The tutorial's Go decoder matches keys case-insensitively and ignores unknown keys.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // ...and rejects a number sent as a string, or a fraction sent for an integer.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
